package org.erlangen.graph.sampling;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import org.erlangen.kernels.SizeClasses;

/**
 * Heap arrays for the feature rows that batches gather ({@link NodeRows#gather}), given back once a batch's step is
 * done ({@link FeatureRows#release}) and handed to a later batch of the same {@link SizeClasses size class}. A new
 * array per batch (38 MB for 150,000 rows of 64 floats) was zeroed and faulted in afresh every time: on a
 * million-node graph that was most of the sampling thread's time, and sampling was what training waited for. What is
 * kept is bounded: a few arrays per class, and a few in all, the classes used longest ago given up first (chunks of
 * layer-wise inference ask for many sizes).
 */
final class RowPool {
    /** Arrays kept per class: as many as batches in flight (prepared ahead, and the one training). */
    private static final int KEEP_PER_CLASS = 4;
    /** Arrays kept in all, of each type. */
    private static final int KEEP = 8;

    private final Kept<float[]> floats = new Kept<>();
    private final Kept<double[]> doubles = new Kept<>();

    /** An array of at least {@code length} floats, with arbitrary contents. */
    synchronized float[] floats(int length) {
        int capacity = SizeClasses.capacity(length);
        float[] a = floats.take(capacity);
        return a != null ? a : new float[capacity];
    }

    synchronized double[] doubles(int length) {
        int capacity = SizeClasses.capacity(length);
        double[] a = doubles.take(capacity);
        return a != null ? a : new double[capacity];
    }

    synchronized void release(float[] a) {
        if (SizeClasses.isClass(a.length)) {
            floats.keep(a.length, a);
        }
    }

    synchronized void release(double[] a) {
        if (SizeClasses.isClass(a.length)) {
            doubles.keep(a.length, a);
        }
    }

    /** Arrays kept now, of both types. */
    synchronized int kept() {
        return floats.count + doubles.count;
    }

    /** Arrays by class, the classes in the order they were last used; guarded by the pool's lock. */
    private static final class Kept<A> {
        private final LinkedHashMap<Integer, ArrayDeque<A>> byClass = new LinkedHashMap<>(16, 0.75f, true);
        private int count;

        A take(int capacity) {
            ArrayDeque<A> queue = byClass.get(capacity);
            A a = queue == null ? null : queue.poll();
            if (a != null) {
                count--;
            }
            return a;
        }

        void keep(int capacity, A array) {
            ArrayDeque<A> queue = byClass.computeIfAbsent(capacity, c -> new ArrayDeque<>());
            if (queue.size() >= KEEP_PER_CLASS) {
                return;
            }
            queue.push(array);
            count++;
            var classes = byClass.entrySet().iterator();
            while (count > KEEP && classes.hasNext()) {
                var eldest = classes.next();
                if (eldest.getKey() == capacity) {
                    continue; // the class just used stays
                }
                count -= eldest.getValue().size();
                classes.remove();
            }
        }
    }
}
