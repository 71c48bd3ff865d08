package dev.writ.lineagefn.api;


import dev.writ.audit.LineageAudit;
import dev.writ.audit.TransactionTree;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import jakarta.inject.Provider;
import java.util.List;
import java.util.Map;

/**
 * Transactions: every record carrying one {@code txn} (the authorizer's decision and each execution
 * along its hops, the writ exchange's records and the calls a guard stopped, whoever its principal),
 * each re-verified against its chain, and {@code tree}: the executions arranged by {@code par},
 * refused hops and stopped calls under the execution that made them ({@link TransactionTree}), and
 * {@code decisions}: every authorizer decision in time order (an agent session's tool calls, refused
 * ones included) with what the guard recorded under each writ; and {@code mixed} when its records
 * name more than one subject or agent, naming each ({@link TransactionTree#mixed}).
 */
@Controller(value = "/api/transactions", produces = MediaType.APPLICATION_JSON)
class TransactionController {
    private final Provider<LineageAudit> audit;

    TransactionController(Provider<LineageAudit> audit) {
        this.audit = audit;
    }

    /** {@code GET /api/transactions/{txn}}, each record proven as {@code GET /api/executions/{execId}} proves it. */
    @Get("/{txn}")
    Map<String, Object> transaction(@PathVariable String txn) {
        Params.id("txn", txn);
        List<LineageAudit.IndexedRecord> found = audit.get().provenTransaction(txn);
        if (found.isEmpty()) {
            throw ApiException.notFound("UNKNOWN_TRANSACTION", "no lineage record has txn " + txn);
        }
        Map<String, Object> body = Views.reverified("txn", txn, found);
        body.put("tree", TransactionTree.of(found));
        body.put("decisions", TransactionTree.decisions(found));
        TransactionTree.mixed(found).ifPresent(mixed -> body.put("mixed", mixed));
        return body;
    }
}
