package org.erlangen.neo4j.read;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.neo4j.internal.kernel.api.CursorFactory;
import org.neo4j.internal.kernel.api.Read;
import org.neo4j.io.pagecache.context.CursorContext;
import org.neo4j.kernel.api.ExecutionContext;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.kernel.api.txstate.TxStateHolder;
import org.neo4j.memory.MemoryTracker;
import org.neo4j.procedure.TerminationGuard;

/**
 * Runs a task over ranges of nodes, in parallel up to the concurrency, each range in an execution context of the
 * caller's transaction, so its access rules apply on every thread. Results come back in range order, so nothing
 * depends on the thread count.
 *
 * <p>Execution contexts cannot see a transaction's own uncommitted changes (Neo4j refuses to make one for such a
 * transaction), so a transaction that carries changes is read on the caller's thread alone, where they are seen.
 *
 * <p>When a range fails or the transaction is terminated, every reader is stopped and waited for before any context
 * is closed (a context closed under a running reader is Neo4j's "closed before it was marked as completed"), and a
 * terminated or timed-out transaction is reported as such rather than as whatever a reader failed with.
 */
final class ParallelRanges {
    /** Fewer nodes than this per range are not worth a thread. */
    private static final int MIN_RANGE = 4096;
    /** Nodes a reader reads between two looks at whether it should stop. */
    private static final int CHECK_EVERY = 1024;

    /**
     * What one worker reads with: its own execution context of the caller's transaction, or the transaction itself
     * on the caller's thread. {@code check} throws when the reader should stop: the transaction was terminated or
     * timed out, or another range failed.
     */
    record Reader(Read dataRead, CursorFactory cursors, CursorContext cursorContext, MemoryTracker memoryTracker,
            Runnable check) {
        /** Runs the check at every {@value #CHECK_EVERY}th node of a range; cheap enough for every node. */
        void checkAt(int i) {
            if (i % CHECK_EVERY == 0) {
                check.run();
            }
        }
    }

    @FunctionalInterface
    interface RangeTask<T> {
        T read(Reader reader, int from, int to);
    }

    /** Thrown in a reader that another range's failure stopped; never what the caller sees. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped because another range failed", null, false, false);
        }
    }

    private final KernelTransaction ktx;
    private final TerminationGuard guard;
    private final int concurrency;

    ParallelRanges(KernelTransaction ktx, TerminationGuard guard, int concurrency) {
        this.ktx = ktx;
        this.guard = guard;
        this.concurrency = concurrency;
    }

    /** How many ranges {@code count} nodes are read in: one where the transaction carries changes. */
    int parts(int count) {
        if (ktx instanceof TxStateHolder state && state.hasTxStateWithChanges()) {
            return 1;
        }
        return Math.max(1, Math.min(concurrency, count / MIN_RANGE));
    }

    <T> List<T> run(int count, RangeTask<T> task) {
        int parts = parts(count);
        if (parts == 1) {
            guard.check();
            List<T> single = new ArrayList<>();
            single.add(task.read(new Reader(ktx.dataRead(), ktx.cursors(), ktx.cursorContext(), ktx.memoryTracker(),
                    guard::check), 0, count));
            return single;
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<ExecutionContext> contexts = new ArrayList<>();
        List<Future<T>> futures = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(parts, r -> {
            Thread t = new Thread(r, "erlangen-read");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int p = 0; p < parts; p++) {
                int from = (int) ((long) count * p / parts);
                int to = (int) ((long) count * (p + 1) / parts);
                ExecutionContext context = ktx.createExecutionContext();
                contexts.add(context);
                Runnable check = () -> {
                    if (stop.get()) {
                        throw new Stopped();
                    }
                    context.performCheckBeforeOperation(); // throws once the transaction is terminated
                };
                try {
                    futures.add(workers.submit(() -> {
                        try {
                            return task.read(new Reader(context.dataRead(), context.cursors(),
                                    context.cursorContext(), context.memoryTracker(), check), from, to);
                        } catch (RuntimeException | Error e) {
                            stop.set(true); // the other ranges stop at their next check
                            throw e;
                        } finally {
                            context.complete();
                        }
                    }));
                } catch (RuntimeException | Error e) {
                    context.complete(); // its reader never started
                    throw e;
                }
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(join(f));
            }
            guard.check();
            return results;
        } catch (RuntimeException | Error e) {
            stop.set(true);
            awaitAll(futures);
            guard.check(); // a terminated or timed-out transaction is the cause the caller should see
            Throwable first = firstFailure(futures);
            if (first instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (first instanceof Error error) {
                throw error;
            }
            throw e;
        } finally {
            stop.set(true);
            awaitAll(futures); // no reader may still use a context when it is closed
            workers.shutdown();
            contexts.forEach(ExecutionContext::close);
        }
    }

    /** Waits for every reader to end, however it ends; an interrupt is kept for later, not obeyed. */
    private static void awaitAll(List<? extends Future<?>> futures) {
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | RuntimeException e) {
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first failure of a range that was not only stopped by another's, or null. */
    private static Throwable firstFailure(List<? extends Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof Stopped)) {
                    return e.getCause();
                }
            } catch (InterruptedException | RuntimeException e) {
                // awaited already: not a failure of the range
            }
        }
        return null;
    }

    /** A range's result, or its failure as it was thrown. */
    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the graph", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("reading the graph failed: " + e.getCause(), e.getCause());
        }
    }
}
