package dev.writ.cli.proof;

import dev.writ.audit.BoundedFiles;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.ProofExport;
import dev.writ.audit.proof.BoundedBundle;
import dev.writ.audit.proof.BundleVerdict;
import dev.writ.audit.proof.MalformedBundleException;
import dev.writ.audit.proof.ProofBundle;
import dev.writ.audit.proof.ProofVerifier;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.cli.TerminalText;
import dev.writ.cli.lineage.CheckpointKeyOptions;
import dev.writ.cli.lineage.TableOption;
import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code writ proof export EXEC_ID --out proof.json [--table T | --api URL] KEY [--trust-out TRUST.json]}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes the proof bundle of EXEC_ID: its records and its transaction's (every hop), each with an"
                + " RFC 9162 inclusion proof against the first signed checkpoint that covers them, and that checkpoint's"
                + " inclusion in the signed checkpoint log. The bundle is verified with the given checkpoint key before"
                + " it is written. With --api, the bundle is fetched from an auditor API (GET URL/executions/EXEC_ID/proof)"
                + " and verified the same way. Exit 0 written, 4 no bundle (the reason on stderr), 2 usage, 1 table or API unreadable.")
final class ExportProofCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TableOption table;

    @Mixin
    CheckpointKeyOptions keyOptions;

    @Parameters(index = "0", paramLabel = "EXEC_ID", description = "The execution (the writ's id, the records' execId).")
    String execId;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Bundle file to write (replaced).")
    Path out;

    @Option(names = "--api", paramLabel = "URL", description = "Auditor API base, e.g. http://127.0.0.1:8080/api (writ dev), instead of the table.")
    URI api;

    @Option(names = "--trust-out", paramLabel = "FILE",
            description = "Also write a trust file naming the bundle's origin and the given checkpoint key, no witnesses."
                    + " A verifier should take the key from its own source, not from whoever hands over the bundle.")
    Path trustOut;

    @Override
    public Integer call() throws IOException {
        CheckpointKey key;
        try {
            key = keyOptions.key().orElseThrow(() -> new IllegalArgumentException(
                    "a proof rests on a signed checkpoint: give the checkpoint key (--verifier-key, --jwks or --kms-key)"));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (api != null && table.given()) {
            throw new ParameterException(spec.commandLine(), "give --table or --api, not both");
        }
        BoundedBundle exported;
        try {
            exported = api != null ? fetched(key) : ProofExport.of(table.audit(Optional.of(key)), execId);
        } catch (ProofExport.ExportException e) {
            return notProven(e.failure().name(), e.getMessage());
        } catch (ApiRefusal e) {
            return notProven(e.code, e.getMessage());
        }
        ProofBundle bundle = exported.bundle();
        Files.writeString(out, exported.json() + "\n", StandardCharsets.UTF_8);
        spec.commandLine().getErr().println(TerminalText.escaped("writ: " + bundle.records().size() + " records of " + execId
                + " proven against checkpoint " + bundle.checkpoint().seq() + " of " + bundle.origin() + ", written to " + out));
        if (trustOut != null) {
            Files.writeString(trustOut, new TrustPolicy(bundle.origin(), key, List.of(), 0).toJson() + "\n", StandardCharsets.UTF_8);
        }
        return 0;
    }

    private int notProven(String reason, String detail) {
        spec.commandLine().getErr().println(TerminalText.escaped("writ: " + reason + ": " + detail)); // may be an API's words
        return ProofCommand.NOT_PROVEN;
    }

    /** What the API answered instead of a bundle that verifies with the key. */
    private static final class ApiRefusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;

        ApiRefusal(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** The API's bundle, when it parses and verifies with {@code key}: an API is trusted no more than a file. */
    private BoundedBundle fetched(CheckpointKey key) throws IOException, ApiRefusal {
        URI uri = URI.create(api.toString().replaceAll("/+$", "") + "/executions/" + URLEncoder.encode(execId, StandardCharsets.UTF_8) + "/proof");
        HttpResponse<InputStream> response;
        try {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + uri, e);
        }
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(ProofBundle.MAX_BYTES + 1);
        }
        if (response.statusCode() != 200) {
            Map<String, Object> error;
            try {
                error = Json.parseObject(BoundedFiles.utf8(body));
            } catch (JsonException | CharacterCodingException e) {
                error = Map.of();
            }
            throw new ApiRefusal(String.valueOf(error.getOrDefault("error", "HTTP_" + response.statusCode())),
                    String.valueOf(error.getOrDefault("message", uri + " answered " + response.statusCode())));
        }
        if (body.length > ProofBundle.MAX_BYTES) { // an API is read no further than a bundle file
            throw new ApiRefusal(BundleVerdict.Reason.MALFORMED_BUNDLE.name(), uri + " answered more than a bundle's " + ProofBundle.MAX_BYTES + " bytes");
        }
        String text;
        try {
            text = BoundedFiles.utf8(body);
        } catch (CharacterCodingException e) { // read leniently, each bad byte would become U+FFFD: another bundle than sent
            throw new ApiRefusal(BundleVerdict.Reason.MALFORMED_BUNDLE.name(), uri + " answered a body that is not valid UTF-8");
        }
        BoundedBundle fetched;
        try {
            fetched = BoundedBundle.parse(text);
        } catch (MalformedBundleException | ProofBundle.TooLargeException e) {
            throw new ApiRefusal(BundleVerdict.Reason.MALFORMED_BUNDLE.name(), e.getMessage());
        }
        BundleVerdict verdict = ProofVerifier.verify(fetched.bundle(), new TrustPolicy(fetched.bundle().origin(), key, List.of(), 0));
        if (!verdict.isVerified()) {
            throw new ApiRefusal(verdict.failure().orElseThrow().name(), verdict.detail());
        }
        return fetched;
    }
}
