package dev.writ.guard.lineage;

import dev.writ.guard.lineage.internal.ChainStore;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Passes every call to a {@link MemoryChainStore}; a test overrides the calls it scripts. */
class DelegatingChainStore implements ChainStore {
    private final MemoryChainStore delegate;

    DelegatingChainStore(MemoryChainStore delegate) {
        this.delegate = delegate;
    }

    /** Plays another writer that appends (by {@code race}, given the chain) right after the first head read. */
    static ChainStore racingAfterFirstHeadRead(MemoryChainStore delegate, Consumer<String> race) {
        return new DelegatingChainStore(delegate) {
            private boolean raced;

            @Override
            public Optional<LineageRecord> head(String chain) {
                Optional<LineageRecord> h = super.head(chain);
                if (!raced) {
                    raced = true;
                    race.accept(chain);
                }
                return h;
            }
        };
    }

    @Override
    public Optional<LineageRecord> head(String chain) {
        return delegate.head(chain);
    }

    @Override
    public Optional<LineageRecord> putIfAbsent(LineageRecord record) {
        return delegate.putIfAbsent(record);
    }

    @Override
    public Optional<LineageRecord> putAllIfAbsent(List<LineageRecord> records) {
        return delegate.putAllIfAbsent(records);
    }

    @Override
    public Optional<LineageRecord> get(String chain, long seq) {
        return delegate.get(chain, seq);
    }

    @Override
    public Iterator<LineageRecord> records(String chain) {
        return delegate.records(chain);
    }
}
