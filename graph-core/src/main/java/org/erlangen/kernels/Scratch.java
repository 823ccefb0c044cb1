package org.erlangen.kernels;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;

/**
 * Reusable heap arrays for the kernels' inputs and outputs. A 25 MB {@code float[]} is a humongous allocation for the
 * garbage collector, zeroed on every call and collected soon after; a training step makes a dozen of them. Arrays come
 * back here after each kernel and are held through soft references, so memory pressure can still reclaim them. What is
 * held is bounded: at most {@value #KEEP_PER_SIZE} arrays of a length and {@value #HELD_BYTES_MAX} bytes of floats (as
 * many of doubles), the lengths used longest ago given up first. Sampled mini-batches give every step new lengths:
 * unbounded, the arrays of every length ever used stayed reachable (about 7 GB of float arrays after one epoch on a
 * 10-million-node graph, which left no heap for layer-wise inference).
 *
 * <p>Arrays come in {@link SizeClasses size classes}, so that steps whose lengths differ a little reuse one array
 * instead of each allocating and zeroing a new one: on a 200,000-node Neo4j graph, the collector's threads took a sixth
 * of the machine during mini-batch training. Callers use the first {@code length} values of what they get.
 */
final class Scratch {
    private static final int KEEP_PER_SIZE = 4;
    /** Bytes held at most: a full-graph step of 100,000 nodes reuses about 300 MB. */
    static final long HELD_BYTES_MAX = 1L << 30;

    private static final Pool<float[]> FLOATS = new Pool<>(4);
    private static final Pool<double[]> DOUBLES = new Pool<>(8);

    private Scratch() {
    }

    /** An array of at least {@code length} floats ({@link SizeClasses#capacity}) with arbitrary contents. */
    static synchronized float[] floats(int length) {
        int capacity = SizeClasses.capacity(length);
        float[] a = FLOATS.take(capacity);
        return a != null ? a : new float[capacity];
    }

    /** An array of at least {@code length} doubles ({@link SizeClasses#capacity}) with arbitrary contents. */
    static synchronized double[] doubles(int length) {
        int capacity = SizeClasses.capacity(length);
        double[] a = DOUBLES.take(capacity);
        return a != null ? a : new double[capacity];
    }

    /** Returns arrays for reuse; the caller must not touch them afterwards. Only arrays of a size class are kept. */
    static synchronized void release(float[]... arrays) {
        for (float[] a : arrays) {
            if (a != null && SizeClasses.isClass(a.length)) {
                FLOATS.put(a.length, a);
            }
        }
    }

    static synchronized void release(double[]... arrays) {
        for (double[] a : arrays) {
            if (a != null && SizeClasses.isClass(a.length)) {
                DOUBLES.put(a.length, a);
            }
        }
    }

    /** Bytes held now (arrays the collector took back included, until their length is given up). */
    static synchronized long heldBytes() {
        return FLOATS.held + DOUBLES.held;
    }

    /** Arrays by length, the lengths in the order they were last used; guarded by Scratch's lock. */
    private static final class Pool<A> {
        private final LinkedHashMap<Integer, ArrayDeque<SoftReference<A>>> byLength =
                new LinkedHashMap<>(16, 0.75f, true);
        private final int bytesPerValue;
        private long held;

        Pool(int bytesPerValue) {
            this.bytesPerValue = bytesPerValue;
        }

        A take(int length) {
            var queue = byLength.get(length);
            while (queue != null && !queue.isEmpty()) {
                held -= (long) length * bytesPerValue;
                A a = queue.poll().get();
                if (a != null) {
                    return a;
                }
            }
            return null;
        }

        void put(int length, A array) {
            long bytes = (long) length * bytesPerValue;
            if (bytes > HELD_BYTES_MAX) {
                return;
            }
            var queue = byLength.computeIfAbsent(length, k -> new ArrayDeque<>());
            if (queue.size() >= KEEP_PER_SIZE) {
                return;
            }
            queue.push(new SoftReference<>(array));
            held += bytes;
            var lengths = byLength.entrySet().iterator();
            while (held > HELD_BYTES_MAX && lengths.hasNext()) {
                var eldest = lengths.next();
                if (eldest.getKey() == length) {
                    continue; // the length just used stays
                }
                held -= (long) eldest.getKey() * bytesPerValue * eldest.getValue().size();
                lengths.remove();
            }
        }
    }
}
