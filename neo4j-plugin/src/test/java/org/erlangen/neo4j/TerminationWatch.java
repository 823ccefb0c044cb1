package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.neo4j.kernel.api.KernelTransactionHandle;
import org.neo4j.kernel.api.exceptions.Status;
import org.neo4j.kernel.impl.api.KernelTransactions;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Follows one transaction of the in-process database, the first whose query starts with a given text, from a thread
 * of its own, and keeps the moment Neo4j marked it for termination: the mark's own {@link System#nanoTime()} stamp,
 * taken by whatever marked it (TERMINATE TRANSACTION, or the transaction monitor once the timeout has passed). A test
 * times our reaction from there, so neither the monitor's check interval nor the load on the machine before the mark
 * counts in it.
 */
final class TerminationWatch implements AutoCloseable {
    /** How often the watch looks; the mark's time does not depend on it, only whether the watch sees the mark. */
    private static final long LOOK_NANOS = 1_000_000;

    /**
     * When and why Neo4j marked the transaction. Where the transaction ended between two looks, before the watch saw
     * its mark, {@code seen} is false, {@code reason} null, and {@code nanos} the last look that found it unmarked:
     * the mark came later, so a reaction timed from there is an upper bound of the true one.
     */
    record Mark(long nanos, Status reason, boolean seen) {
    }

    private final KernelTransactions transactions;
    private final String queryStart;
    private final CountDownLatch found = new CountDownLatch(1);
    private final Thread thread;
    private volatile String transactionId;
    private volatile Mark mark;
    private volatile boolean stopped;

    private TerminationWatch(TestDatabase db, String queryStart) {
        this.transactions = ((GraphDatabaseAPI) db.database()).getDependencyResolver()
                .resolveDependency(KernelTransactions.class);
        this.queryStart = queryStart;
        this.thread = new Thread(this::watch, "termination-watch");
        thread.setDaemon(true);
    }

    /** Starts watching for a transaction whose query starts with {@code queryStart}; start it before the call. */
    static TerminationWatch start(TestDatabase db, String queryStart) {
        var watch = new TerminationWatch(db, queryStart);
        watch.thread.start();
        return watch;
    }

    /** The id that SHOW TRANSACTIONS and TERMINATE TRANSACTION use, once the transaction runs; null if it did not. */
    String awaitTransaction(Duration timeout) throws InterruptedException {
        found.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return transactionId;
    }

    /** The mark, once the watch has seen it or the transaction has ended; null if neither happened in time. */
    Mark awaitMark(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        return mark;
    }

    /**
     * Our promise: the call failed within a second of Neo4j marking its transaction, timed from Neo4j's own stamp of
     * the mark, so that neither the monitor's interval nor a slow TERMINATE TRANSACTION round trip counts. Returns
     * the milliseconds from the mark to the call's failure.
     */
    long assertStoppedWithinASecond(BackgroundCall call, Status reason) throws InterruptedException {
        Mark mark = awaitMark(Duration.ofSeconds(10));
        assertNotNull(mark, "the watch never saw the call's transaction end");
        if (mark.seen()) {
            assertEquals(reason, mark.reason());
        }
        long millis = (call.failedAt() - mark.nanos()) / 1_000_000;
        System.out.println(queryStart + "... stopped " + millis + " ms after Neo4j marked it "
                + reason.code().serialize() + (mark.seen() ? "" : " (at most; the watch missed the mark)"));
        assertTrue(mark.nanos() <= call.failedAt(), "the call failed " + -millis + " ms before the mark");
        assertTrue(millis < 1000, "stopped " + millis + " ms after Neo4j marked it " + reason.code().serialize());
        return millis;
    }

    private void watch() {
        long sequence = -1;
        long lastUnmarked = 0;
        while (!stopped) {
            long lookedAt = System.nanoTime();
            KernelTransactionHandle handle = find(sequence);
            if (handle == null && sequence >= 0) {
                mark = new Mark(lastUnmarked, null, false);
                return;
            }
            if (handle != null) {
                if (sequence < 0) {
                    sequence = handle.getTransactionSequenceNumber();
                    transactionId = handle.getUserTransactionName();
                    found.countDown();
                }
                var terminated = handle.terminationMark(); // as of the handle's making, after lookedAt
                if (terminated.isPresent()) {
                    mark = new Mark(terminated.get().getTimestampNanos(), terminated.get().getReason(), true);
                    return;
                }
                lastUnmarked = lookedAt;
            }
            LockSupport.parkNanos(LOOK_NANOS);
        }
    }

    /** The watched transaction, or before it is known the first whose query starts with the text; null if none. */
    private KernelTransactionHandle find(long sequence) {
        for (KernelTransactionHandle handle : transactions.activeTransactions()) {
            boolean match = sequence >= 0 ? handle.getTransactionSequenceNumber() == sequence
                    : handle.executingQuery().filter(q -> q.rawQueryText().startsWith(queryStart)).isPresent();
            if (match) {
                return handle;
            }
        }
        return null;
    }

    @Override
    public void close() {
        stopped = true;
    }
}
