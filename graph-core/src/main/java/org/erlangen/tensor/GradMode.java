package org.erlangen.tensor;

/**
 * Whether operations record the tape for reverse-mode differentiation. Inference runs inside {@link #noGrad()},
 * so no closures or intermediate arrays are kept alive for a backward pass that never comes.
 */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private GradMode() {
    }

    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** Disables recording on this thread until the returned scope is closed. */
    public static Scope noGrad() {
        boolean previous = ENABLED.get();
        ENABLED.set(Boolean.FALSE);
        return () -> ENABLED.set(previous);
    }

    /** A scope that restores the previous mode; closing it throws nothing. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
