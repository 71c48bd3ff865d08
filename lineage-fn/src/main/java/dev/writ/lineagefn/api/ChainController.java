package dev.writ.lineagefn.api;


import dev.writ.audit.LineageAudit;
import dev.writ.lineagefn.query.LineageQueries;
import io.micronaut.core.annotation.Nullable;
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
 * Chains: the list, and one chain page by page. A page shows records as stored, each with its own
 * hash recomputed ({@code hashValid}); whether the chain links up is what a verification answers.
 */
@Controller(value = "/api/chains", produces = MediaType.APPLICATION_JSON)
class ChainController {
    private final LineageQueries queries;
    // A provider: the audit resolves the checkpoint key from KMS when made, which pages and index
    // queries do not need, so they keep working when KMS does not answer.
    private final Provider<LineageAudit> audit;

    ChainController(LineageQueries queries, Provider<LineageAudit> audit) {
        this.queries = queries;
        this.audit = audit;
    }

    /** Every chain name except the checkpoint chain (a projected scan of the table). */
    @Get
    Map<String, Object> chains() {
        return Map.of("chains", List.copyOf(audit.get().chains()));
    }

    /** {@code GET /api/chains/{chain}/records?from=&to=&limit=&cursor=}: records with from <= seq <= to. */
    @Get("/{chain}/records")
    Map<String, Object> records(@PathVariable String chain, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
            @Nullable @QueryValue String limit, @Nullable @QueryValue String cursor) {
        Params.id("chain", chain);
        long lo = Params.nonNegative("from", from, 0);
        long hi = Params.nonNegative("to", to, Long.MAX_VALUE);
        Params.range("from", lo, "to", hi);
        int max = Params.limit(limit);
        String scope = "chain\n" + chain + "\n" + lo + "\n" + hi + "\n" + max;
        Optional<Long> after = cursor == null || cursor.isEmpty() ? Optional.empty()
                : Optional.of(Cursor.number(Cursor.decode(scope, cursor, 1).get(0)));
        LineageQueries.Page page = queries.chainPage(chain, lo, hi, max, after);
        if (page.items().isEmpty() && after.isEmpty() && !queries.chainExists(chain)) {
            throw ApiException.notFound("UNKNOWN_CHAIN", "no chain named " + chain);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chain", chain);
        body.put("from", lo);
        body.put("to", hi);
        body.put("records", page.items().stream().map(Views::item).toList());
        page.next().ifPresent(p -> body.put("next", Cursor.encode(scope, List.of(Long.toString(p.seq())))));
        return body;
    }
}
