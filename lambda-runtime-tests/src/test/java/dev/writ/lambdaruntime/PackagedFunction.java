package dev.writ.lambdaruntime;

import dev.writ.guard.internal.Invocation;
import static org.junit.jupiter.api.Assertions.fail;

import dev.writ.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One deployable function started as the Lambda Java runtime starts it, behind its own runtime
 * emulator: the jar is unzipped into a task root that becomes the working directory (as Lambda
 * unpacks a deployment package into {@code /var/task}, where the runtime client's class loader
 * finds it), the layer's {@code java/lib} jars and the runtime client (with the libraries it
 * declares) go on the class path, and {@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}
 * is the main class with the handler as its argument. The environment is only what Lambda sets
 * plus the function's own variables (and the emulators' endpoints), never the test JVM's.
 */
final class PackagedFunction implements AutoCloseable {
    private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(120);
    /** The account every packaged function runs in: the exchange's, so hops bind to its functions. */
    static final String ACCOUNT = "123456789012";
    static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";
    /** An option that chooses the JIT's tiers: {@code -XX:+/-TieredCompilation} or {@code -XX:TieredStopAtLevel=}. */
    private static final Pattern TIERED_SETTING = Pattern.compile("-XX:(?:[+-]TieredCompilation|TieredStopAtLevel=)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What the invoke API answered: 200 and the handler's result, or an error status and the error document. */
    record Invocation(int status, String body) {
        Map<String, Object> json() {
            return Json.parseObject(body);
        }
    }

    /**
     * What to start: {@code jars} unzipped into the task root, in order (a later file replaces an earlier one).
     * {@code sharedJars}: jars of the function that the layer's code must see, put beside the layer's. In
     * Lambda the task root and {@code /opt/java/lib} share the runtime client's one class loader; here
     * the layer is on the system class path, whose classes cannot see the task root's (the guard's SDK
     * interceptor and the SDK service module a function ships, e.g. {@code lambda} for its invokes).
     */
    record Spec(String name, List<Path> jars, String handler, boolean withLayer, int memoryMb,
                Map<String, String> env, Map<String, Path> taskFiles, List<Path> sharedJars) {
        Spec {
            jars = List.copyOf(jars);
            env = Map.copyOf(env);
            taskFiles = Map.copyOf(taskFiles);
            sharedJars = List.copyOf(sharedJars);
        }

        Spec(String name, List<Path> jars, String handler, boolean withLayer, int memoryMb,
             Map<String, String> env, Map<String, Path> taskFiles) {
            this(name, jars, handler, withLayer, memoryMb, env, taskFiles, List.of());
        }

        /** This function with {@code JAVA_TOOL_OPTIONS} set to {@code options} (the function's variable, as a template sets it). */
        Spec withJavaToolOptions(String options) {
            Map<String, String> withOptions = new LinkedHashMap<>(env);
            withOptions.put(JAVA_TOOL_OPTIONS, options);
            return new Spec(name, jars, handler, withLayer, memoryMb, withOptions, taskFiles, sharedJars);
        }

        /** A function deployed as one jar, as every template function is. */
        Spec(String name, Path jar, String handler, boolean withLayer, int memoryMb,
             Map<String, String> env, Map<String, Path> taskFiles) {
            this(name, List.of(jar), handler, withLayer, memoryMb, env, taskFiles);
        }
    }

    private final Spec spec;
    private final RuntimeEmulator emulator;
    private final RuntimeApiRelay relay;
    private final Process jvm;
    private final long launchedNanos;
    private final Path log;

    private PackagedFunction(Spec spec, RuntimeEmulator emulator, RuntimeApiRelay relay, Process jvm, long launchedNanos, Path log) {
        this.spec = spec;
        this.emulator = emulator;
        this.relay = relay;
        this.jvm = jvm;
        this.launchedNanos = launchedNanos;
        this.log = log;
    }

    /** Starts emulator, relay and function JVM; the JVM's init runs while the first invoke waits. */
    /**
     * The ARN the function {@code name} is invoked as (the relay hands it to the runtime: the spec's
     * name, until {@link #servedAs} names it as callers do): the test command's region
     * ({@code AWS_REGION}, which the function also gets) and {@link #ACCOUNT}.
     */
    static String arn(String name) {
        return "arn:aws:lambda:" + System.getenv().getOrDefault("AWS_REGION", "us-east-1") + ":" + ACCOUNT + ":function:" + name;
    }

    static PackagedFunction start(Spec spec) throws IOException, InterruptedException {
        return start(spec, spec.name());
    }

    /** As {@link #start(Spec)}, in {@code target/lambda-functions/<workDirName>}: two forms of one function side by side. */
    static PackagedFunction start(Spec spec, String workDirName) throws IOException, InterruptedException {
        Path dir = Packaging.workDir().resolve(workDirName);
        deleteTree(dir);
        Path task = dir.resolve("task");
        for (Path jar : spec.jars()) {
            unzip(jar, task);
        }
        for (Map.Entry<String, Path> f : spec.taskFiles().entrySet()) {
            Files.copy(f.getValue(), task.resolve(f.getKey()), StandardCopyOption.REPLACE_EXISTING);
        }
        RuntimeEmulator emulator = RuntimeEmulator.start(dir);
        RuntimeApiRelay relay = null;
        try {
            relay = new RuntimeApiRelay(emulator.runtimeApi().substring(0, emulator.runtimeApi().indexOf('/')), arn(spec.name()));
            Path log = dir.resolve("function.log");
            List<String> command = command(spec);
            Map<String, String> env = environment(spec, task, relay.address() + "/.rt");
            long launched = System.nanoTime();
            Process jvm = Processes.start(command, task, env, log);
            return new PackagedFunction(spec, emulator, relay, jvm, launched, log);
        } catch (IOException | RuntimeException e) {
            if (relay != null) {
                relay.close();
            }
            emulator.close();
            throw e;
        }
    }

    private static List<String> command(Spec spec) {
        List<String> classPath = new ArrayList<>(Packaging.runtimeClientJars());
        if (spec.withLayer()) {
            classPath.addAll(Packaging.layerJars());
        }
        spec.sharedJars().forEach(jar -> classPath.add(jar.toString()));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(runtimeJvmFlags(spec.memoryMb(), spec.env().get(JAVA_TOOL_OPTIONS)));
        command.addAll(List.of("-Djava.net.preferIPv4Stack=true", "-XX:+ErrorFileToStderr",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI="
                        + Packaging.runtimeClientJni(),
                "-cp", String.join(java.io.File.pathSeparator, classPath),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", spec.handler()));
        return command;
    }

    /**
     * The Java 17 managed runtime's heap, GC and JIT flags: heap 85% of the memory size, serial GC,
     * and C1 only ({@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1}) on the command line,
     * where the JVM lets it win over {@code JAVA_TOOL_OPTIONS} (which HotSpot reads first). AWS
     * documents the function's {@code JAVA_TOOL_OPTIONS} as the way to choose another tiered
     * compilation level, so when the function's options set one, the runtime's default is left off,
     * as it must be for that to take effect (inferred: the runtime's launcher is not public;
     * docs/deploy.md, "The JIT compiler: C1 or C2").
     */
    static List<String> runtimeJvmFlags(int memoryMb, String functionJavaToolOptions) {
        List<String> flags = new ArrayList<>(List.of("-XX:MaxHeapSize=" + (memoryMb * 1024L * 85 / 100) + "k", "-XX:+UseSerialGC"));
        if (functionJavaToolOptions == null || !TIERED_SETTING.matcher(functionJavaToolOptions).find()) {
            flags.addAll(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
        }
        return flags;
    }

    private static Map<String, String> environment(Spec spec, Path task, String runtimeApi) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", task.toString());
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("_HANDLER", spec.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + spec.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        // Region, credentials and the emulators' endpoints, as the test command exported them.
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("AWS_ENDPOINT_URL") || k.equals("AWS_REGION") || k.equals("AWS_ACCESS_KEY_ID")
                    || k.equals("AWS_SECRET_ACCESS_KEY") || k.equals("AWS_SESSION_TOKEN")) {
                env.put(k, v);
            }
        });
        env.put("AWS_DEFAULT_REGION", env.getOrDefault("AWS_REGION", "us-east-1"));
        env.putAll(spec.env());
        // A profiler for the function JVMs of a bench (e.g. -XX:StartFlightRecording=filename=/tmp/{name}.jfr);
        // {name} is the function's name; after the function's own options. Unset, the JVMs start exactly as
        // Lambda's runtime starts them.
        String profiling = System.getProperty("writ.bench.functionJvmOptions");
        if (profiling != null && !profiling.isBlank()) {
            env.merge(JAVA_TOOL_OPTIONS, profiling.replace("{name}", spec.name()), (own, added) -> own + " " + added);
        }
        return env;
    }

    /** {@link System#nanoTime()} just before the function JVM was launched: where its cold start begins. */
    long launchedNanos() {
        return launchedNanos;
    }

    /** Nanoseconds from the JVM's launch to the end of its init (its first request for an invocation); 0 while it lasts. */
    long initNanos() {
        long next = relay.firstNextNanos();
        return next == 0 ? 0 : next - launchedNanos;
    }

    /** From now on the function is invoked as {@link #arn} of {@code name}, the name callers invoke it by. */
    void servedAs(String name) {
        relay.invokedAs(arn(name));
    }

    /** {@link RuntimeApiRelay#lastHandlerNanos()}: how long the function held its last invocation. */
    long lastHandlerNanos() {
        return relay.lastHandlerNanos();
    }

    /**
     * What {@code jcmd} answers about the running function JVM ({@code VM.flags}, {@code Compiler.codelist}):
     * how a bench shows which compiler a JVM really ran with and what it compiled.
     */
    String jcmd(String command) throws IOException, InterruptedException {
        Process query = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(jvm.pid()), command).redirectErrorStream(true).start();
        String answer = new String(query.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (query.waitFor() != 0) {
            throw new IOException(spec.name() + ": jcmd " + command + " failed: " + answer);
        }
        return answer;
    }

    /** What the function has written to its stdout and stderr so far (the runtime's log, as CloudWatch gets it). */
    String output() throws IOException {
        return Files.readString(log, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Invokes the function with {@code event} over the emulator's invoke API and waits for the answer. */
    Invocation invoke(String event) {
        return invoke(event, Map.of());
    }

    /** {@link #invoke(String)} with these request headers added (e.g. the emulator's client context header). */
    Invocation invoke(String event, Map<String, String> headers) {
        if (!jvm.isAlive()) {
            fail(spec.name() + ": the function JVM had exited (" + jvm.exitValue() + ") before this invoke; log " + log + ":\n" + Processes.tail(log, 30));
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(emulator.invokeUri()).timeout(INVOKE_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event));
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        CompletableFuture<HttpResponse<String>> pending = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        long end = System.nanoTime() + INVOKE_TIMEOUT.toNanos();
        try {
            // Waits in slices so a function JVM that dies mid-invocation fails the test at once.
            while (true) {
                try {
                    HttpResponse<String> response = pending.get(200, TimeUnit.MILLISECONDS);
                    return new Invocation(response.statusCode(), response.body());
                } catch (TimeoutException stillRunning) {
                    if (!jvm.isAlive() || !emulator.alive() || System.nanoTime() > end) {
                        pending.cancel(true);
                        return fail(spec.name() + ": no answer to the invoke; function alive=" + jvm.isAlive()
                                + ", emulator alive=" + emulator.alive() + "; function log " + log + ":\n"
                                + Processes.tail(log, 30) + "\nemulator log:\n" + Processes.tail(emulator.log(), 10));
                    }
                }
            }
        } catch (ExecutionException e) {
            return fail(spec.name() + ": invoke failed (" + e.getCause() + "); function log " + log + ":\n" + Processes.tail(log, 30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /**
     * Waits (untimed by the benches) until the function is idle again: its runtime asked for the next
     * invocation after every extension finished the last one, so work a function does after its
     * response (the lineage extension's writes) is over, as it would be on its own host in AWS.
     */
    void awaitIdle() {
        long end = System.nanoTime() + INVOKE_TIMEOUT.toNanos();
        try {
            while (!relay.awaitIdle(Duration.ofMillis(200))) {
                if (!jvm.isAlive() || System.nanoTime() > end) {
                    fail(spec.name() + ": not idle again; function alive=" + jvm.isAlive() + "; function log " + log + ":\n"
                            + Processes.tail(log, 30));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    /**
     * Sends the function's JVM {@code SIGTERM}, as Lambda does before it shuts an environment with
     * an extension down, and waits until it has exited (its shutdown hooks have run); false when it
     * had not within {@code limit} (then it is still running).
     */
    boolean terminate(Duration limit) throws InterruptedException {
        jvm.destroy();
        return jvm.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends the function's JVM at once (SIGKILL), as a crashed or discarded environment ends: no shutdown hooks. */
    void kill() throws InterruptedException {
        jvm.destroyForcibly().waitFor();
    }

    @Override
    public void close() {
        Processes.stop(jvm);
        relay.close();
        emulator.close();
    }

    static void unzip(Path zip, Path into) throws IOException {
        Files.createDirectories(into);
        Path root = into.toAbsolutePath().normalize();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("zip entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(z, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
