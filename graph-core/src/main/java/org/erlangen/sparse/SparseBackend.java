package org.erlangen.sparse;

import java.util.Locale;
import org.erlangen.kernels.Buffers;

/**
 * Where {@link Sparse}'s operations run: our Java kernels ({@link #JAVA}), or ND4J's own ops ({@link #ND4J}), which
 * keep the arrays on the backend's device. By default the Java kernels run when ND4J's backend is the CPU one and
 * ND4J's ops otherwise (a GPU), where the Java kernels would copy every array to the host and back; the system
 * property {@code erlangen.sparse} ({@code java}, {@code nd4j} or {@code auto}) overrides that, and {@link #use}
 * switches for a scope. The choice is read once per operation; the backward of an operation runs where its forward
 * ran.
 */
public enum SparseBackend {
    JAVA(new JavaPrimitives()),
    ND4J(new Nd4jPrimitives());

    /** The system property that picks the backend at start-up: {@code java}, {@code nd4j} or {@code auto}. */
    public static final String PROPERTY = "erlangen.sparse";

    private static volatile SparseBackend current = fromProperty(System.getProperty(PROPERTY, "auto"));

    final SparsePrimitives primitives;

    SparseBackend(SparsePrimitives primitives) {
        this.primitives = primitives;
    }

    /** The backend the sparse operations use now. */
    public static SparseBackend current() {
        return current;
    }

    /** The default: the Java kernels on ND4J's CPU backend, ND4J's ops on any other. */
    public static SparseBackend automatic() {
        return Buffers.onCpuBackend() ? JAVA : ND4J;
    }

    /**
     * Makes {@code backend} the current one until the returned scope closes, which restores the one before
     * (try-with-resources). The switch is process-wide, not per thread: it is meant for tests and benchmarks, with
     * scopes closed in the reverse order of opening.
     */
    public static Scope use(SparseBackend backend) {
        Scope scope = new Scope(current);
        current = backend;
        return scope;
    }

    /** The backend a value of {@link #PROPERTY} names. */
    static SparseBackend fromProperty(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "java" -> JAVA;
            case "nd4j" -> ND4J;
            case "auto", "" -> automatic();
            default -> throw new IllegalArgumentException(PROPERTY + " must be java, nd4j or auto, got '" + value
                    + "'");
        };
    }

    /** An open {@link #use} switch; closing it restores the backend that was current before. */
    public static final class Scope implements AutoCloseable {
        private final SparseBackend previous;

        private Scope(SparseBackend previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            current = previous;
        }
    }
}
