package org.erlangen.kernels;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Reusable heap arrays for the kernels' inputs and outputs. A 25 MB {@code float[]} is a humongous allocation for the
 * garbage collector, zeroed on every call and collected soon after; a training step makes a dozen of them. Arrays come
 * back here after each kernel and are held through soft references, so memory pressure can still reclaim them.
 */
final class Scratch {
    private static final int KEEP_PER_SIZE = 4;
    private static final Map<Integer, ArrayDeque<SoftReference<float[]>>> FLOATS = new HashMap<>();
    private static final Map<Integer, ArrayDeque<SoftReference<double[]>>> DOUBLES = new HashMap<>();

    private Scratch() {
    }

    /** An array of exactly {@code length} floats with arbitrary contents. */
    static synchronized float[] floats(int length) {
        var queue = FLOATS.get(length);
        while (queue != null && !queue.isEmpty()) {
            float[] a = queue.poll().get();
            if (a != null) {
                return a;
            }
        }
        return new float[length];
    }

    static synchronized double[] doubles(int length) {
        var queue = DOUBLES.get(length);
        while (queue != null && !queue.isEmpty()) {
            double[] a = queue.poll().get();
            if (a != null) {
                return a;
            }
        }
        return new double[length];
    }

    /** Returns arrays for reuse; the caller must not touch them afterwards. */
    static synchronized void release(float[]... arrays) {
        for (float[] a : arrays) {
            if (a != null) {
                var queue = FLOATS.computeIfAbsent(a.length, k -> new ArrayDeque<>());
                if (queue.size() < KEEP_PER_SIZE) {
                    queue.push(new SoftReference<>(a));
                }
            }
        }
    }

    static synchronized void release(double[]... arrays) {
        for (double[] a : arrays) {
            if (a != null) {
                var queue = DOUBLES.computeIfAbsent(a.length, k -> new ArrayDeque<>());
                if (queue.size() < KEEP_PER_SIZE) {
                    queue.push(new SoftReference<>(a));
                }
            }
        }
    }
}
