package org.erlangen.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded splits of items {@code 0..n-1} into train, validation and test parts, and k-fold cross-validation folds.
 *
 * <p>Randomness: every method shuffles with a Fisher-Yates pass driven by {@code new SplittableRandom(seed)}, so the
 * same arguments give the same split on every JVM. The indices in each returned part are in ascending order.
 * Stratified variants shuffle the members of each class (classes in ascending label order), lay the classes end to
 * end, and deal that sequence out so every part gets its share of every class.
 */
public final class Splits {
    private Splits() {
    }

    /** Three disjoint parts that together hold every item once. */
    public record Split(int[] train, int[] validation, int[] test) {
    }

    /** One cross-validation fold: the test parts of all folds partition the items; train is the rest. */
    public record Fold(int[] train, int[] test) {
    }

    /**
     * A random split of {@code n} items by fractions that sum to 1 (e.g. 0.8, 0.1, 0.1). Part sizes are the
     * fractions of {@code n} rounded by largest remainder, so they always add up to {@code n}.
     */
    public static Split random(int n, double train, double validation, double test, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot split " + n + " items");
        }
        int[] sizes = apportion(n, fractions(train, validation, test));
        int[] order = permutation(n, new SplittableRandom(seed));
        return new Split(sortedRange(order, 0, sizes[0]), sortedRange(order, sizes[0], sizes[0] + sizes[1]),
                sortedRange(order, sizes[0] + sizes[1], n));
    }

    /**
     * A random split that keeps class proportions: item {@code i} has class {@code labels[i]} (any int is a class).
     * Part sizes are those of {@link #random}; within every class, each part's count is within 2 of its fraction
     * of that class.
     */
    public static Split stratified(int[] labels, double train, double validation, double test, long seed) {
        int n = labels.length;
        int[] sizes = apportion(n, fractions(train, validation, test));
        int[] order = classOrder(labels, new SplittableRandom(seed));
        int[] part = deal(sizes, n);
        List<int[]> parts = collect(order, part, 3);
        return new Split(parts.get(0), parts.get(1), parts.get(2));
    }

    /** {@code k} folds of {@code n} shuffled items; test parts differ in size by at most 1. */
    public static List<Fold> kFold(int n, int k, long seed) {
        checkFolds(n, k);
        return folds(permutation(n, new SplittableRandom(seed)), k);
    }

    /**
     * {@code k} folds that keep class proportions: in every fold's test part, the count of each class {@code c} is
     * {@code floor(n_c / k)} or {@code ceil(n_c / k)}, and test parts differ in size by at most 1.
     */
    public static List<Fold> stratifiedKFold(int[] labels, int k, long seed) {
        checkFolds(labels.length, k);
        return folds(classOrder(labels, new SplittableRandom(seed)), k);
    }

    private static List<Fold> folds(int[] order, int k) {
        int n = order.length;
        int[] fold = new int[n];
        for (int p = 0; p < n; p++) {
            fold[p] = p % k;
        }
        List<int[]> tests = collect(order, fold, k);
        List<Fold> out = new ArrayList<>(k);
        for (int[] test : tests) {
            boolean[] inTest = new boolean[n];
            for (int i : test) {
                inTest[i] = true;
            }
            int[] train = new int[n - test.length];
            int t = 0;
            for (int i = 0; i < n; i++) {
                if (!inTest[i]) {
                    train[t++] = i;
                }
            }
            out.add(new Fold(train, test));
        }
        return List.copyOf(out);
    }

    private static void checkFolds(int n, int k) {
        if (k < 2 || k > n) {
            throw new IllegalArgumentException("k-fold needs 2 <= k <= n, got k = " + k + " for n = " + n);
        }
    }

    private static double[] fractions(double train, double validation, double test) {
        double[] f = {train, validation, test};
        for (double x : f) {
            if (!(x >= 0 && x <= 1)) {
                throw new IllegalArgumentException("split fractions must lie in [0, 1], got " + Arrays.toString(f));
            }
        }
        if (Math.abs(train + validation + test - 1) > 1e-6) {
            throw new IllegalArgumentException("split fractions must sum to 1, got " + Arrays.toString(f) + " (sum "
                    + (train + validation + test) + ")");
        }
        return f;
    }

    /** Integer sizes summing to {@code n}: floors, then the leftover items to the largest remainders. */
    static int[] apportion(int n, double[] fractions) {
        int[] sizes = new int[fractions.length];
        double[] remainder = new double[fractions.length];
        int given = 0;
        for (int i = 0; i < fractions.length; i++) {
            double exact = n * fractions[i];
            // A small slack so that 0.7 * 10 = 7.000000000000001 or 6.999999999999999 both floor to 7.
            sizes[i] = (int) Math.floor(exact + 1e-9);
            remainder[i] = exact - sizes[i];
            given += sizes[i];
        }
        while (given < n) {
            int best = 0;
            for (int i = 1; i < fractions.length; i++) {
                if (remainder[i] > remainder[best]) {
                    best = i;
                }
            }
            sizes[best]++;
            remainder[best] = Double.NEGATIVE_INFINITY;
            given++;
        }
        while (given > n) { // only from the slack above, when fractions sum to slightly over 1
            int best = 0;
            for (int i = 1; i < fractions.length; i++) {
                if (sizes[i] > 0 && (sizes[best] == 0 || remainder[i] < remainder[best])) {
                    best = i;
                }
            }
            sizes[best]--;
            remainder[best] = Double.POSITIVE_INFINITY;
            given--;
        }
        return sizes;
    }

    /**
     * A part for each position of a sequence of length {@code n} with exactly {@code sizes[i]} positions in part
     * {@code i}, spread evenly: each position goes to the part furthest behind its quota, so every stretch of the
     * sequence (one class) gets close to its share.
     */
    private static int[] deal(int[] sizes, int n) {
        int[] part = new int[n];
        long[] given = new long[sizes.length];
        for (int p = 0; p < n; p++) {
            int best = -1;
            long bestDeficit = Long.MIN_VALUE;
            for (int i = 0; i < sizes.length; i++) {
                // Deficit scaled by n: where part i should be after p + 1 positions, minus where it is.
                long deficit = (long) (p + 1) * sizes[i] - given[i] * n;
                if (given[i] < sizes[i] && deficit > bestDeficit) {
                    best = i;
                    bestDeficit = deficit;
                }
            }
            part[p] = best;
            given[best]++;
        }
        return part;
    }

    /** Items grouped by class in ascending label order, shuffled within each class. */
    private static int[] classOrder(int[] labels, SplittableRandom random) {
        int n = labels.length;
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Integer.compare(labels[a], labels[b])); // stable: ascending index per class
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = boxed[i];
        }
        for (int start = 0; start < n; ) {
            int end = start;
            while (end < n && labels[order[end]] == labels[order[start]]) {
                end++;
            }
            Shuffle.inPlace(order, start, end, random);
            start = end;
        }
        return order;
    }

    private static List<int[]> collect(int[] order, int[] partOfPosition, int parts) {
        int[] counts = new int[parts];
        for (int p : partOfPosition) {
            counts[p]++;
        }
        List<int[]> out = new ArrayList<>(parts);
        for (int c : counts) {
            out.add(new int[c]);
        }
        int[] filled = new int[parts];
        for (int p = 0; p < order.length; p++) {
            int part = partOfPosition[p];
            out.get(part)[filled[part]++] = order[p];
        }
        for (int[] a : out) {
            Arrays.sort(a);
        }
        return out;
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Shuffle.inPlace(order, random);
        return order;
    }

    private static int[] sortedRange(int[] a, int from, int to) {
        int[] out = Arrays.copyOfRange(a, from, to);
        Arrays.sort(out);
        return out;
    }
}
