package dev.writ.lineagefn.api;


import dev.writ.audit.LineageAudit;
import dev.writ.audit.ProofExport;
import dev.writ.lineagefn.query.LineageQueries;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import jakarta.inject.Provider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Executions: one by id (every record across chains, each re-verified against its chain), and a
 * principal's records in a time range (from the index, marked unverified: open the execution to
 * verify it).
 */
@Controller(value = "/api/executions", produces = MediaType.APPLICATION_JSON)
class ExecutionController {
    /** Default window of the principal query when {@code from} is not given. */
    static final long DEFAULT_WINDOW_MS = 24L * 60 * 60 * 1000;

    private final LineageQueries queries;
    // A provider: the audit resolves the checkpoint key from KMS when made, which pages and index
    // queries do not need, so they keep working when KMS does not answer.
    private final Provider<LineageAudit> audit;

    ExecutionController(LineageQueries queries, Provider<LineageAudit> audit) {
        this.queries = queries;
        this.audit = audit;
    }

    /**
     * {@code GET /api/executions/{execId}}. Each record is proven against the latest checkpoint
     * (LineageAudit.provenExecution): reads follow the checkpoints and the records since, not the
     * chains' length, unless a chain cannot be proven so and is verified from seq 0.
     */
    @Get("/{execId}")
    Map<String, Object> execution(@PathVariable String execId) {
        Params.id("execId", execId);
        List<LineageAudit.IndexedRecord> found = audit.get().provenExecution(execId);
        if (found.isEmpty()) {
            throw ApiException.notFound("UNKNOWN_EXECUTION", "no lineage record has execId " + execId);
        }
        return Views.reverified("execId", execId, found);
    }

    /**
     * {@code GET /api/executions/{execId}/proof}: the execution's proof bundle (writ-proof/v1,
     * docs/lineage.md, Proof bundles), to verify offline with {@code writ proof verify}. Its reads
     * do not grow with history: a binary search over the checkpoints, then each chain's records
     * since the checkpoint before the covering one.
     */
    @Get("/{execId}/proof")
    String proof(@PathVariable String execId) {
        Params.id("execId", execId);
        try {
            return ProofExport.of(audit.get(), execId).json();
        } catch (ProofExport.ExportException e) {
            throw e.failure() == ProofExport.Failure.UNKNOWN_EXECUTION
                    ? ApiException.notFound(e.failure().name(), e.getMessage())
                    : new ApiException(HttpStatus.CONFLICT, e.failure().name(), e.getMessage());
        }
    }

    /** {@code GET /api/executions?principal=&from=&to=&limit=&cursor=}: times in epoch ms, {@code to} defaults to now, {@code from} to a day before. */
    @Get
    Map<String, Object> byPrincipal(@Nullable @QueryValue String principal, @Nullable @QueryValue String from,
            @Nullable @QueryValue String to, @Nullable @QueryValue String limit, @Nullable @QueryValue String cursor) {
        if (principal == null) {
            throw ApiException.badRequest("BAD_ID", "principal is required");
        }
        Params.id("principal", principal);
        long hi = Params.nonNegative("to", to, System.currentTimeMillis());
        long lo = Params.nonNegative("from", from, Math.max(0, hi - DEFAULT_WINDOW_MS));
        Params.range("from", lo, "to", hi);
        int max = Params.limit(limit);
        String scope = "principal\n" + principal + "\n" + lo + "\n" + hi + "\n" + max;
        Optional<LineageQueries.Position> after = Optional.empty();
        if (cursor != null && !cursor.isEmpty()) {
            List<String> p = Cursor.decode(scope, cursor, 3);
            after = Optional.of(new LineageQueries.Position(Params.id("cursor chain", p.get(0)), Cursor.number(p.get(1)),
                    Cursor.number(p.get(2))));
        }
        LineageQueries.Page page = queries.principalPage(principal, lo, hi, max, after);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("principal", principal);
        body.put("from", lo);
        body.put("to", hi);
        // Index reads are never shown as verified on their own (docs/architecture.md, Lineage).
        body.put("verified", false);
        body.put("records", page.items().stream().map(Views::item).toList());
        page.next().ifPresent(p -> body.put("next",
                Cursor.encode(scope, List.of(p.chain(), Long.toString(p.seq()), Long.toString(p.ts())))));
        return body;
    }
}
