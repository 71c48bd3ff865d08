package dev.writ.lambdaruntime.hop;

import com.amazonaws.services.lambda.runtime.Context;
import dev.writ.guard.GuardedRequestHandler;
import dev.writ.guard.writ.Writ;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ledger-post}, the callee of {@code payments-write}'s hop: a guarded direct-invoke handler
 * (the writ in the client context's {@code custom.writ}). Answers with what its verified writ says
 * about the hop, so a test sees the chain: execution id, transaction, parent and the acting function.
 * A denied invocation never gets here: the guard throws {@code WritDeniedException} to the runtime.
 */
public class LedgerPost extends GuardedRequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    protected Map<String, Object> handleVerified(Map<String, Object> posting, Context context, Writ writ) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("posted", posting.get("payment"));
        answer.put("principal", writ.subject());
        answer.put("execId", writ.id());
        writ.transaction().ifPresent(txn -> answer.put("txn", txn));
        writ.parent().ifPresent(par -> answer.put("par", par));
        writ.actor().ifPresent(act -> answer.put("act", act.subjects()));
        return answer;
    }
}
