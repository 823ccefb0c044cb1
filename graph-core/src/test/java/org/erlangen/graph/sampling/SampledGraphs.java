package org.erlangen.graph.sampling;

import org.erlangen.graph.Graph;
import org.erlangen.graph.RandomGraphs;

/** Small graphs whose in-neighbourhoods the sampler tests can count. */
final class SampledGraphs {
    private SampledGraphs() {
    }

    /** Node 0 receives one edge from each of nodes 1..degree. */
    static Graph inStar(int degree) {
        int[] senders = new int[degree];
        int[] receivers = new int[degree];
        for (int i = 0; i < degree; i++) {
            senders[i] = i + 1;
        }
        return Graph.builder(degree + 1).edges(senders, receivers).build();
    }

    static Graph random(int nodes, int edges, long seed) {
        return RandomGraphs.of(nodes, edges).seed(seed).build();
    }

    static int[] range(int from, int to) {
        int[] a = new int[to - from];
        for (int i = 0; i < a.length; i++) {
            a[i] = from + i;
        }
        return a;
    }

    /**
     * Pearson's statistic of observed counts against expected ones. The tests compare it with a bound far in the
     * tail of its distribution; with fixed seeds the value is fixed too, so a test cannot flake.
     */
    static double chiSquare(long[] observed, double[] expected) {
        double sum = 0;
        for (int i = 0; i < observed.length; i++) {
            double d = observed[i] - expected[i];
            sum += d * d / expected[i];
        }
        return sum;
    }
}
