package org.erlangen.graph.sampling;

import java.util.Arrays;

/**
 * In-edges drawn with probability proportional to a non-negative weight per stored edge; an edge of weight zero is
 * never drawn.
 */
final class WeightedChoice implements NeighborChoice {
    private final float[] weights;
    private final boolean replace;

    WeightedChoice(float[] weights, boolean replace) {
        this.weights = weights;
        this.replace = replace;
    }

    @Override
    public int count(int start, int end, int fanout) {
        int positive = 0;
        for (int e = start; e < end; e++) {
            positive += weights[e] > 0 ? 1 : 0;
        }
        if (positive == 0) {
            return 0;
        }
        return replace ? fanout : Math.min(positive, fanout);
    }

    @Override
    public void choose(int start, int end, int fanout, NodeRandom random, ChoiceScratch scratch, int[] out, int at) {
        int k = count(start, end, fanout);
        if (k == 0) {
            return;
        }
        if (replace) {
            withReplacement(start, end, k, random, scratch, out, at);
        } else {
            withoutReplacement(start, end, k, random, scratch, out, at);
        }
    }

    /** Inverse of the cumulative weights: a binary search per draw. */
    private void withReplacement(int start, int end, int k, NodeRandom random, ChoiceScratch scratch, int[] out,
            int at) {
        int degree = end - start;
        double[] cumulative = scratch.doubles(degree);
        double total = 0;
        for (int i = 0; i < degree; i++) {
            total += weights[start + i];
            cumulative[i] = total;
        }
        for (int d = 0; d < k; d++) {
            // Rounding can lift u * total to total itself, where the search would end on a trailing zero weight.
            double x = Math.min(random.nextDouble() * total, Math.nextDown(total));
            int lo = 0;
            int hi = degree - 1;
            while (lo < hi) { // first i with cumulative[i] > x: a zero weight adds nothing, so it is never first
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > x) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            out[at + d] = start + lo;
        }
    }

    /**
     * Efraimidis and Spirakis: each edge gets the key log(u) / w, and the k largest keys are a weighted sample
     * without replacement. A min-heap of size k keeps them; the chosen entries are listed in stored order.
     */
    private void withoutReplacement(int start, int end, int k, NodeRandom random, ChoiceScratch scratch, int[] out,
            int at) {
        double[] keys = scratch.doubles(k);
        int[] entries = scratch.ints(k);
        int size = 0;
        for (int e = start; e < end; e++) {
            float w = weights[e];
            if (w <= 0) {
                continue;
            }
            double key = Math.log(1 - random.nextDouble()) / w; // 1 - u lies in (0, 1]: the log is finite
            if (size < k) {
                keys[size] = key;
                entries[size] = e;
                siftUp(keys, entries, size++);
            } else if (key > keys[0]) {
                keys[0] = key;
                entries[0] = e;
                siftDown(keys, entries, size);
            }
        }
        System.arraycopy(entries, 0, out, at, k);
        Arrays.sort(out, at, at + k);
    }

    private static void siftUp(double[] keys, int[] entries, int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (keys[parent] <= keys[i]) {
                return;
            }
            swap(keys, entries, i, parent);
            i = parent;
        }
    }

    private static void siftDown(double[] keys, int[] entries, int size) {
        int i = 0;
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int smaller = left + 1 < size && keys[left + 1] < keys[left] ? left + 1 : left;
            if (keys[i] <= keys[smaller]) {
                return;
            }
            swap(keys, entries, i, smaller);
            i = smaller;
        }
    }

    private static void swap(double[] keys, int[] entries, int i, int j) {
        double k = keys[i];
        keys[i] = keys[j];
        keys[j] = k;
        int e = entries[i];
        entries[i] = entries[j];
        entries[j] = e;
    }
}
