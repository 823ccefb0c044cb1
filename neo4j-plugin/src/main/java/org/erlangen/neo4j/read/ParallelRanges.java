package org.erlangen.neo4j.read;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.neo4j.internal.kernel.api.CursorFactory;
import org.neo4j.internal.kernel.api.Read;
import org.neo4j.io.pagecache.context.CursorContext;
import org.neo4j.kernel.api.ExecutionContext;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.memory.MemoryTracker;
import org.neo4j.procedure.TerminationGuard;

/**
 * Runs a task over ranges of nodes, in parallel up to the concurrency, each range in an execution context of the
 * caller's transaction, so its access rules apply on every thread. Results come back in range order, so nothing
 * depends on the thread count.
 */
final class ParallelRanges {
    /** Fewer nodes than this per range are not worth a thread. */
    private static final int MIN_RANGE = 4096;

    /** What one worker reads with: its own execution context of the caller's transaction. */
    record Reader(Read dataRead, CursorFactory cursors, CursorContext cursorContext, MemoryTracker memoryTracker) {
    }

    @FunctionalInterface
    interface RangeTask<T> {
        T read(Reader reader, int from, int to);
    }

    private final KernelTransaction ktx;
    private final TerminationGuard guard;
    private final int concurrency;

    ParallelRanges(KernelTransaction ktx, TerminationGuard guard, int concurrency) {
        this.ktx = ktx;
        this.guard = guard;
        this.concurrency = concurrency;
    }

    <T> List<T> run(int count, RangeTask<T> task) {
        int parts = Math.max(1, Math.min(concurrency, count / MIN_RANGE));
        if (parts == 1) {
            guard.check();
            List<T> single = new ArrayList<>();
            single.add(task.read(new Reader(ktx.dataRead(), ktx.cursors(), ktx.cursorContext(),
                    ktx.memoryTracker()), 0, count));
            return single;
        }
        List<ExecutionContext> contexts = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(parts, r -> {
            Thread t = new Thread(r, "erlangen-read");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                int from = (int) ((long) count * p / parts);
                int to = (int) ((long) count * (p + 1) / parts);
                ExecutionContext context = ktx.createExecutionContext();
                contexts.add(context);
                futures.add(workers.submit(() -> {
                    try {
                        return task.read(new Reader(context.dataRead(), context.cursors(), context.cursorContext(),
                                context.memoryTracker()), from, to);
                    } finally {
                        context.complete();
                    }
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(join(f));
                guard.check();
            }
            return results;
        } finally {
            workers.shutdownNow();
            contexts.forEach(ExecutionContext::close);
        }
    }

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
            throw new IllegalStateException("reading the graph failed: " + e.getCause(), e.getCause());
        }
    }
}
