package dev.writ.lambdaruntime.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** {@code ledger-post} without the guard: the callee of the unguarded hop in the per-hop latency bench. */
public class UnguardedLedgerPost implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> posting, Context context) {
        return Map.of("posted", String.valueOf(posting.get("payment")));
    }
}
