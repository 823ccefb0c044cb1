package org.erlangen.gnn.geometric;

import java.util.Arrays;

/**
 * Edges between all pairs of distinct points closer than a cutoff, in both directions (no self loops): the
 * neighbourhood of a 3D molecular model. Quadratic in the number of points, which suits molecules (tens of atoms).
 */
public final class RadiusGraph {
    /** Edge {@code e} goes from {@code senders[e]} to {@code receivers[e]}. */
    public record Edges(int[] senders, int[] receivers) {
        public int count() {
            return senders.length;
        }
    }

    private RadiusGraph() {
    }

    /**
     * Pairs {@code i != j} with {@code |p_i - p_j| < cutoff}; an infinite cutoff gives the full graph. Every row of
     * {@code positions} must hold finite coordinates of the same dimension.
     */
    public static Edges of(double[][] positions, double cutoff) {
        if (!(cutoff > 0)) {
            throw new IllegalArgumentException("cutoff must be positive, got " + cutoff);
        }
        int n = positions.length;
        for (int i = 0; i < n; i++) {
            if (positions[i].length != positions[0].length) {
                throw new IllegalArgumentException("point " + i + " has " + positions[i].length
                        + " coordinates, point 0 has " + positions[0].length);
            }
            for (double c : positions[i]) {
                if (!Double.isFinite(c)) {
                    throw new IllegalArgumentException("point " + i + " has a non-finite coordinate: "
                            + Arrays.toString(positions[i]));
                }
            }
        }
        double limit = cutoff * cutoff;
        int[] s = new int[n * Math.max(0, n - 1)];
        int[] r = new int[s.length];
        int e = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j && squaredDistance(positions[i], positions[j]) < limit) {
                    s[e] = j;
                    r[e] = i;
                    e++;
                }
            }
        }
        return new Edges(Arrays.copyOf(s, e), Arrays.copyOf(r, e));
    }

    private static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            double d = a[k] - b[k];
            sum += d * d;
        }
        return sum;
    }
}
