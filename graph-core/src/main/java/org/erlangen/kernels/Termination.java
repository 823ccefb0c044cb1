package org.erlangen.kernels;

/**
 * The termination check of the work running on this thread, consulted inside a step: between a model's layers, between
 * the closures of a backward pass, between slabs of a very large matrix product or sparse kernel, between parameters
 * of an optimizer step. A step of a large model runs for seconds; checked only between steps, a terminated call would
 * run on for as long. The check stops the work by throwing (a terminated Neo4j transaction, an interrupted thread).
 *
 * <pre>
 *   try (var scope = Termination.checkedBy(guard::check)) {
 *       trainer.fit(objective);
 *   }
 * </pre>
 *
 * Without a scope {@link #check()} does nothing. It costs one thread-local lookup, so it belongs where work of at
 * least microseconds follows, not in a kernel's inner loop. Work handed to other threads is not checked there: the
 * calling thread checks between the pieces it hands out.
 */
public final class Termination {
    private static final ThreadLocal<Runnable> CHECK = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> STOPPING = new ThreadLocal<>();

    private Termination() {
    }

    /** Makes {@code check} this thread's termination check until the scope closes, when the previous one returns. */
    public static Scope checkedBy(Runnable check) {
        Runnable previous = CHECK.get();
        CHECK.set(check);
        return () -> {
            if (previous == null) {
                CHECK.remove();
                STOPPING.remove();
            } else {
                CHECK.set(previous);
            }
        };
    }

    /** Runs this thread's termination check, which throws to stop the work; does nothing outside a scope. */
    public static void check() {
        Runnable check = CHECK.get();
        if (check != null) {
            try {
                check.run();
            } catch (RuntimeException | Error e) {
                STOPPING.set(Boolean.TRUE);
                throw e;
            }
        }
    }

    /**
     * Whether this thread's check has thrown inside the outermost scope still open: the work is being abandoned, so
     * what would only prepare the next step (an arena learning its size) can be skipped.
     */
    public static boolean stopping() {
        return STOPPING.get() != null;
    }

    /** A scope that restores the previous check; closing it throws nothing. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
