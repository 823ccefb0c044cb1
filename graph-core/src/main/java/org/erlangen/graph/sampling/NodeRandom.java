package org.erlangen.graph.sampling;

/**
 * A SplitMix64 stream keyed on (seed, epoch, node): what a node samples depends on nothing else, not on which thread
 * samples it nor on what was sampled before, so batches are the same at any concurrency. One instance per thread,
 * {@link #reset} before each node.
 */
final class NodeRandom {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long TWO_TO_32 = 1L << 32;

    private long state;

    /** Starts the stream of {@code node} in {@code epoch} of the run seeded with {@code seed}. */
    void reset(long seed, long epoch, int node) {
        // Each mix is a bijection of 64 bits: chaining them keys the stream on all three without a shared generator.
        state = mix(mix(mix(seed) + epoch) + node);
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in {@code [0, bound)}, without modulo bias (Lemire's multiply-and-reject). */
    int nextInt(int bound) {
        long product = (nextLong() >>> 32) * bound;
        long low = product & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (TWO_TO_32 - bound) % bound;
            while (low < threshold) {
                product = (nextLong() >>> 32) * bound;
                low = product & 0xFFFFFFFFL;
            }
        }
        return (int) (product >>> 32);
    }

    /** Uniform in {@code [0, 1)}. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
