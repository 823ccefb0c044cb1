package org.erlangen.graph;

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
