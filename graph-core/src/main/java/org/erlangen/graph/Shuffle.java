package org.erlangen.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The Fisher-Yates shuffle every random order in the project comes from (splits, epochs, negative sampling), so
 * that the same generator in the same state always gives the same order.
 */
public final class Shuffle {
    private Shuffle() {
    }

    /** Shuffles all of {@code a} in place. */
    public static void inPlace(int[] a, RandomGenerator random) {
        inPlace(a, 0, a.length, random);
    }

    /** Shuffles {@code a[from..to)} in place. */
    public static void inPlace(int[] a, int from, int to, RandomGenerator random) {
        for (int i = to - 1; i > from; i--) {
            int j = from + random.nextInt(i - from + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    public static void inPlace(long[] a, RandomGenerator random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * {@code items} in a shuffled order (a copy; the array given is left as it is), cut into batches of
     * {@code size}, the last one shorter when they do not divide: an epoch's mini-batches.
     */
    public static List<int[]> batches(int[] items, int size, RandomGenerator random) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + size);
        }
        int[] order = items.clone();
        inPlace(order, random);
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += size) {
            batches.add(Arrays.copyOfRange(order, from, Math.min(order.length, from + size)));
        }
        return batches;
    }

    /** A uniformly random permutation of {@code 0..n-1}. */
    public static int[] permutation(int n, RandomGenerator random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        inPlace(order, random);
        return order;
    }
}
