package org.erlangen.testing;

import java.util.Random;
import org.erlangen.graph.Graph;
import org.erlangen.graph.Shuffle;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Node permutations for symmetry tests: a graph layer must give the same node outputs, reordered, when the nodes of
 * its input are stored in another order (and the same graph outputs). {@code perm[v]} is the new index of node v.
 */
public final class Permutations {
    private Permutations() {
    }

    /** A uniformly random permutation of 0..n-1. */
    public static int[] random(int n, Random random) {
        return Shuffle.permutation(n, random);
    }

    /** Rows moved so that row v of {@code a} becomes row {@code perm[v]}. */
    public static INDArray rows(INDArray a, int[] perm) {
        int[] inverse = inverse(perm);
        return Nd4j.pullRows(a.rank() == 1 ? a.reshape(a.length(), 1) : a, 1, inverse).reshape(a.shape());
    }

    /**
     * The same graph with node v renamed {@code perm[v]}, and its edges given in a shuffled order, so that neither
     * node order nor edge order can leak into a result.
     */
    public static Graph graph(Graph g, int[] perm, Random random) {
        int[] s = g.senders();
        int[] r = g.receivers();
        int[] edgePerm = random(s.length, random);
        int[] s2 = new int[s.length];
        int[] r2 = new int[s.length];
        for (int e = 0; e < s.length; e++) {
            s2[edgePerm[e]] = perm[s[e]];
            r2[edgePerm[e]] = perm[r[e]];
        }
        Graph.Builder b = Graph.builder(g.numNodes()).edges(s2, r2);
        if (g.nodeFeatures() != null) {
            b.nodeFeatures(rows(g.nodeFeatures(), perm));
        }
        if (g.edgeFeatures() != null) {
            b.edgeFeatures(rows(g.edgeFeatures(), edgePerm));
        }
        if (g.positions() != null) {
            b.positions(rows(g.positions(), perm));
        }
        if (g.nodeTargets() != null) {
            b.nodeTargets(rows(g.nodeTargets(), perm));
        }
        if (g.graphTargets() != null) {
            b.graphTargets(g.graphTargets());
        }
        return b.build();
    }

    public static int[] inverse(int[] perm) {
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inverse[perm[i]] = i;
        }
        return inverse;
    }
}
