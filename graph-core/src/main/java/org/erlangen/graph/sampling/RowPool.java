package org.erlangen.graph.sampling;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.erlangen.kernels.SizeClasses;

/**
 * Heap arrays for the feature rows that batches gather ({@link NodeRows#gather}), given back once a batch's step is
 * done ({@link FeatureRows#release}) and handed to a later batch of the same {@link SizeClasses size class}. A new
 * array per batch (38 MB for 150,000 rows of 64 floats) was zeroed and faulted in afresh every time: on a
 * million-node graph that was most of the sampling thread's time, and sampling was what training waited for.
 */
final class RowPool {
    /** Arrays kept per class: as many as batches in flight (prepared ahead, and the one training). */
    private static final int KEEP_PER_CLASS = 4;

    private final Map<Integer, ArrayDeque<float[]>> floats = new HashMap<>();
    private final Map<Integer, ArrayDeque<double[]>> doubles = new HashMap<>();

    /** An array of at least {@code length} floats, with arbitrary contents. */
    synchronized float[] floats(int length) {
        int capacity = SizeClasses.capacity(length);
        float[] a = take(floats, capacity);
        return a != null ? a : new float[capacity];
    }

    synchronized double[] doubles(int length) {
        int capacity = SizeClasses.capacity(length);
        double[] a = take(doubles, capacity);
        return a != null ? a : new double[capacity];
    }

    synchronized void release(float[] a) {
        if (SizeClasses.isClass(a.length)) {
            keep(floats, a.length, a);
        }
    }

    synchronized void release(double[] a) {
        if (SizeClasses.isClass(a.length)) {
            keep(doubles, a.length, a);
        }
    }

    private static <A> A take(Map<Integer, ArrayDeque<A>> byClass, int capacity) {
        ArrayDeque<A> queue = byClass.get(capacity);
        return queue == null ? null : queue.poll();
    }

    private static <A> void keep(Map<Integer, ArrayDeque<A>> byClass, int capacity, A array) {
        ArrayDeque<A> queue = byClass.computeIfAbsent(capacity, c -> new ArrayDeque<>());
        if (queue.size() < KEEP_PER_CLASS) {
            queue.push(array);
        }
    }
}
