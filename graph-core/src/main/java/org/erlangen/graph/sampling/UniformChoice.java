package org.erlangen.graph.sampling;

import java.util.Arrays;

/** Every in-edge equally likely, as PyG's unweighted {@code NeighborLoader}. */
final class UniformChoice implements NeighborChoice {
    /** Up to this many picks Floyd's method checks repeats by scanning; above it one pass over the row is cheaper. */
    private static final int FLOYD_MAX = 64;

    private final boolean replace;

    UniformChoice(boolean replace) {
        this.replace = replace;
    }

    @Override
    public int count(int start, int end, int fanout) {
        int degree = end - start;
        if (degree == 0) {
            return 0;
        }
        return replace ? fanout : Math.min(degree, fanout);
    }

    @Override
    public void choose(int start, int end, int fanout, NodeRandom random, ChoiceScratch scratch, int[] out, int at) {
        int degree = end - start;
        int k = count(start, end, fanout);
        if (replace) {
            for (int i = 0; i < k; i++) {
                out[at + i] = start + random.nextInt(degree);
            }
        } else if (k == degree) {
            for (int i = 0; i < k; i++) {
                out[at + i] = start + i;
            }
        } else if (k <= FLOYD_MAX) {
            floyd(start, degree, k, random, out, at);
        } else {
            selection(start, degree, k, random, out, at);
        }
    }

    /** Floyd's sampling of k distinct of {@code degree}, listed in stored order. */
    private static void floyd(int start, int degree, int k, NodeRandom random, int[] out, int at) {
        int filled = 0;
        for (int j = degree - k; j < degree; j++) {
            int pick = start + random.nextInt(j + 1);
            if (contains(out, at, at + filled, pick)) {
                pick = start + j; // j itself was never a candidate before, so it is new
            }
            out[at + filled++] = pick;
        }
        Arrays.sort(out, at, at + k);
    }

    /** Knuth's selection sampling: one pass, each entry kept with probability still-needed / still-left. */
    private static void selection(int start, int degree, int k, NodeRandom random, int[] out, int at) {
        int needed = k;
        for (int i = 0; i < degree && needed > 0; i++) {
            if (random.nextInt(degree - i) < needed) {
                out[at + k - needed] = start + i;
                needed--;
            }
        }
    }

    private static boolean contains(int[] a, int from, int to, int value) {
        for (int i = from; i < to; i++) {
            if (a[i] == value) {
                return true;
            }
        }
        return false;
    }
}
