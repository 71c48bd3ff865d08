package dev.writ.cli.dev;

import dev.writ.guard.lineage.LineageRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code writ dev}: the embedded stack behind a local API Gateway on 127.0.0.1, until Ctrl-C.
 * Every request goes through the real authorizer engine and the real guard, and lineage is
 * written to DynamoDB Local as it would be in AWS.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Serves the payments-api sample on 127.0.0.1 through the real authorizer and guard, with lineage"
                + " in an embedded DynamoDB Local. Prints a bearer token per sample role and one line per decision.")
public final class DevCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "P", description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--data", paramLabel = "DIR", description = "Keep the DynamoDB data and the local keys in DIR between runs (default: in memory).")
    Path data;

    @Option(names = "--shards", defaultValue = "8", paramLabel = "N", description = "Lineage chains per function, and concurrent workers (default ${DEFAULT-VALUE}).")
    int shards;

    /** Which API Gateway flavour fronts the routes. */
    enum Flavour { rest, http }

    @Option(names = "--api", defaultValue = "rest", paramLabel = "rest|http",
            description = "Emulate a REST API (REQUEST authorizer, proxy integrations, stage dev) or an HTTP API (payload 2.0"
                    + " authorizer with simple responses, payload 2.0 integrations, $default stage). Default ${DEFAULT-VALUE}.")
    Flavour api;

    @Option(names = "--checkpoint-every", defaultValue = "60", paramLabel = "S",
            description = "Sign a checkpoint of every chain head each S seconds when requests came in since the last one, as the"
                    + " scheduled signer does in AWS (default ${DEFAULT-VALUE}; 0: never).")
    int checkpointEvery;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535 || shards < 1 || shards > 64 || checkpointEvery < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--port must be 0-65535, --shards 1-64 and --checkpoint-every at least 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        DevStack stack = DevStack.start(data, shards);
        DevServer server;
        try {
            // One worker per shard, as one Lambda container per shard: appends never race each other.
            server = DevServer.start(stack, api == Flavour.http ? stack.httpGateway() : stack.gateway(), port, shards, out);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        ScheduledExecutorService signer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "writ-dev-checkpoint");
            t.setDaemon(true);
            return t;
        });
        if (checkpointEvery > 0) {
            // Only when requests came in since the last one: an idle server does not grow the checkpoint chain.
            long[] signedAt = {0};
            signer.scheduleWithFixedDelay(() -> {
                long seen = server.routedRequests();
                if (seen != signedAt[0]) {
                    signedAt[0] = seen;
                    checkpoint(stack, server);
                }
            }, checkpointEvery, checkpointEvery, TimeUnit.SECONDS);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            signer.shutdownNow();
            server.close();
            stack.close();
            out.println("writ dev: stopped.");
            out.flush();
            stopped.countDown();
        }, "writ-dev-shutdown"));
        // The auditor API's Micronaut context starts before the banner, so the explorer answers at once.
        stack.auditorApi();
        printBanner(out, stack, server, api);
        stopped.await();
        return 0;
    }

    private static void checkpoint(DevStack stack, DevServer server) {
        try {
            LineageRecord r = stack.checkpoint();
            server.note("checkpoint " + r.chain() + ":" + r.seq() + " signed");
        } catch (RuntimeException e) {
            // A failed run is retried at the next tick, as EventBridge retries the signer.
            server.note("checkpoint failed: " + e.getMessage());
        }
    }

    /** How an MCP client connects, and how its host gets a writ per tool call. */
    static void printMcp(PrintWriter out, DevServer server) {
        out.println();
        out.println("MCP server (examples/mcp-payments, MCP 2026-07-28 stateless HTTP): " + server.mcpUrl());
        out.println("  connect any MCP client with  Authorization: Bearer <a token above>  (e.g. carl's: a clerk's agent);");
        out.println("  it lists the tools. A tools/call runs only with a writ for that call and those arguments:");
        out.println("  POST " + server.toolCallUrl() + " {\"tool\":\"refund_payment\",\"arguments\":{\"payment_id\":\"p-7\","
                + "\"amount\":120},\"txn\":\"<session id>\"}");
        out.println("  with the same bearer token answers {\"writ\",\"exp\"}; send the writ in the call's"
                + " params._meta[\"dev.writ/writ\"]. Here every caller is the agent role " + ToolCallEndpoint.AGENT_ROLE
                + "; in AWS the host signs with SigV4 (docs/agents.md).");
    }

    static void printBanner(PrintWriter out, DevStack stack, DevServer server, Flavour api) {
        out.println("writ dev: " + stack.bundle().label() + ", writs signed with the " + stack.signing());
        out.println("Lineage: DynamoDB Local (in this process), table " + DevStack.LINEAGE_TABLE + "; Ctrl-C stops.");
        out.println();
        out.println(api == Flavour.http
                ? "Routes (API Gateway HTTP API emulation, payload 2.0 Lambda authorizer with simple responses, $default stage):"
                : "Routes (API Gateway REST emulation, REQUEST authorizer, proxy integration):");
        stack.bundle().manifest().routes().forEach(r -> out.printf("  %-6s %s%s  -> %s%n", r.method(), server.url(),
                r.pathTemplate(), r.function()));
        out.println();
        out.println("Bearer tokens (12 h) of the sample users:");
        for (SampleIdp.User u : SampleIdp.USERS) {
            out.printf("  %-5s %-10s %s%n", u.subject(), u.role(), stack.idp().token(u, Duration.ofHours(12)));
        }
        printMcp(out, server);
        out.println();
        out.println("Lineage explorer (lineage-fn's auditor API, through its API Gateway proxy handler): " + server.explorerUrl());
        out.println("  auditor API under " + server.url() + "/api/ (no authorization here; IAM in sam-templates)");
        out.println();
        out.println("Try:");
        out.println("  curl -i " + server.url() + "/payments -H \"Authorization: Bearer <vera's token>\"");
        out.println("  curl -i -X POST " + server.url() + "/payments -H \"Authorization: Bearer <carl's token>\" -H 'X-Payment-Amount: 2500'");
        out.println();
        out.println("time         method path                             who      decided by status code               lineage");
        out.flush();
    }
}
