package org.erlangen.neo4j.memory;

import java.util.concurrent.atomic.AtomicLong;
import org.erlangen.neo4j.model.MemoryEstimate;
import org.neo4j.graphdb.Transaction;
import org.neo4j.kernel.impl.coreapi.InternalTransaction;
import org.neo4j.memory.MemoryTracker;

/**
 * What one call holds, counted twice: under the plugin's own limit (a {@link Reservation}) and with the memory
 * tracker of the caller's transaction, the one Neo4j counts a query's allocations on, so that
 * {@code db.memory.transaction.max} and {@code dbms.memory.transaction.total.max} apply to the call as to any
 * query. Neo4j's procedure API offers no tracker of its own, so this reaches it through the kernel transaction, as
 * the parallel reads already do. Everything is given back when the call ends.
 *
 * <p>The tracker is not thread-safe: only the call's own thread registers with it ({@link #require}); reader threads
 * charge the plugin's reservation alone ({@link #chargeRead}), and the next {@link #require} registers what they
 * charged.
 */
public final class CallMemory implements AutoCloseable {
    private final Reservation reservation;
    private final MemoryTracker tracker;
    private final AtomicLong read = new AtomicLong();
    private volatile long heap;
    private volatile long offHeap;

    private CallMemory(Reservation reservation, MemoryTracker tracker) {
        this.reservation = reservation;
        this.tracker = tracker;
    }

    /**
     * @param limit the plugin's limit in bytes
     * @param models the bytes models in memory hold
     */
    public static CallMemory open(Transaction tx, long limit, long models, String procedure) {
        var tracker = ((InternalTransaction) tx).kernelTransaction().memoryTracker();
        return new CallMemory(PluginMemory.instance().open(limit, models, procedure), tracker);
    }

    /**
     * Holds at least what {@code estimate} counts (and what the reads charged), before the call allocates it;
     * throws when the plugin's limit or the transaction's would be passed.
     */
    public void require(MemoryEstimate estimate) {
        long needHeap = Math.max(estimate.heapBytes(), read.get());
        long needOffHeap = estimate.offHeapBytes();
        reservation.atLeast(needHeap + needOffHeap);
        if (needHeap > heap) {
            tracker.allocateHeap(needHeap - heap);
            heap = needHeap;
        }
        if (needOffHeap > offHeap) {
            tracker.allocateNative(needOffHeap - offHeap);
            offHeap = needOffHeap;
        }
    }

    /** Charges heap bytes the read is about to hold; safe from reader threads. */
    public void chargeRead(long bytes) {
        long total = read.addAndGet(bytes);
        reservation.atLeast(Math.max(total, heap) + offHeap);
    }

    /** Bytes held under the plugin's limit now. */
    public long held() {
        return reservation.held();
    }

    @Override
    public void close() {
        try {
            tracker.releaseNative(offHeap);
            tracker.releaseHeap(heap);
            offHeap = 0;
            heap = 0;
        } finally {
            reservation.close();
        }
    }
}
