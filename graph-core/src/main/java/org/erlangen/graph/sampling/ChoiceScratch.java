package org.erlangen.graph.sampling;

/** Working arrays of one sampling thread, grown to the largest row it meets and reused for every node after. */
final class ChoiceScratch {
    private double[] doubles = new double[16];
    private int[] ints = new int[16];

    double[] doubles(int n) {
        if (doubles.length < n) {
            doubles = new double[Math.max(n, 2 * doubles.length)];
        }
        return doubles;
    }

    int[] ints(int n) {
        if (ints.length < n) {
            ints = new int[Math.max(n, 2 * ints.length)];
        }
        return ints;
    }
}
