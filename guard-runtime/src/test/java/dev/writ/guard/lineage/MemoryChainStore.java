package dev.writ.guard.lineage;

import dev.writ.guard.lineage.internal.ChainStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** A double of our ChainStore seam, in memory, with the same put-if-absent contract. */
public class MemoryChainStore implements ChainStore {
    final Map<String, TreeMap<Long, LineageRecord>> chains = new ConcurrentHashMap<>();
    int heads;
    int puts;
    int batches;
    int gets;

    @Override
    public synchronized Optional<LineageRecord> head(String chain) {
        heads++;
        TreeMap<Long, LineageRecord> c = chains.get(chain);
        return c == null || c.isEmpty() ? Optional.empty() : Optional.of(c.lastEntry().getValue());
    }

    @Override
    public synchronized Optional<LineageRecord> putIfAbsent(LineageRecord record) {
        puts++;
        TreeMap<Long, LineageRecord> c = chains.computeIfAbsent(record.chain(), k -> new TreeMap<>());
        LineageRecord existing = c.putIfAbsent(record.seq(), record);
        return Optional.ofNullable(existing);
    }

    @Override
    public synchronized Optional<LineageRecord> putAllIfAbsent(List<LineageRecord> records) {
        batches++;
        TreeMap<Long, LineageRecord> c = chains.computeIfAbsent(records.get(0).chain(), k -> new TreeMap<>());
        for (LineageRecord r : records) {
            if (c.containsKey(r.seq())) {
                return Optional.of(c.get(r.seq()));
            }
        }
        records.forEach(r -> c.put(r.seq(), r));
        return Optional.empty();
    }

    @Override
    public synchronized Optional<LineageRecord> get(String chain, long seq) {
        gets++;
        return Optional.ofNullable(chains.getOrDefault(chain, new TreeMap<>()).get(seq));
    }

    @Override
    public synchronized Iterator<LineageRecord> records(String chain) {
        return new ArrayList<>(chains.getOrDefault(chain, new TreeMap<>()).values()).iterator();
    }

    synchronized List<LineageRecord> list(String chain) {
        return new ArrayList<>(chains.getOrDefault(chain, new TreeMap<>()).values());
    }

    /** Plays another writer: stores a record directly (tamper tests use it too). */
    synchronized void force(LineageRecord record) {
        chains.computeIfAbsent(record.chain(), k -> new TreeMap<>()).put(record.seq(), record);
    }

    synchronized void remove(String chain, long seq) {
        chains.get(chain).remove(seq);
    }
}
