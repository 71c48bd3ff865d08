package dev.writ.cli.demo;

import dev.writ.guard.replay.ReplayStore;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's replay store: one process, in memory. Production uses the DynamoDB replay table,
 * which is shared by every container of a function.
 */
final class DemoReplayStore implements ReplayStore {
    private final Set<String> consumed = ConcurrentHashMap.newKeySet();

    @Override
    public boolean consume(String jti, Instant keepUntil) {
        return consumed.add(jti);
    }
}
