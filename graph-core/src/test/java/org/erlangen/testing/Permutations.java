package org.erlangen.testing;

import java.util.Random;
import org.erlangen.graph.Graph;
import org.erlangen.graph.Shuffle;
import org.erlangen.sparse.Segments;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Permutations and how they act on arrays and graphs, the pieces of the permutation groups ({@link GraphPermutations},
 * {@link BatchPermutations}, {@link SetPermutations}). {@code perm[v]} is the new index of v.
 */
public final class Permutations {
    private Permutations() {
    }

    /** A uniformly random permutation of 0..n-1. */
    public static int[] random(int n, Random random) {
        return Shuffle.permutation(n, random);
    }

    /** A random permutation of the rows {@code segments} covers that moves each row only within its own segment. */
    public static int[] withinSegments(Segments segments, Random random) {
        int[] perm = new int[segments.total()];
        for (int b = 0; b < segments.count(); b++) {
            int[] local = random(segments.size(b), random);
            for (int i = 0; i < local.length; i++) {
                perm[segments.start(b) + i] = segments.start(b) + local[i];
            }
        }
        return perm;
    }

    /** Rows moved so that row v of {@code a} becomes row {@code perm[v]}. */
    public static INDArray rows(INDArray a, int[] perm) {
        if (a.size(0) == 0) {
            return a.dup();
        }
        int[] inverse = inverse(perm);
        return Nd4j.pullRows(a.rank() == 1 ? a.reshape(a.length(), 1) : a, 1, inverse).reshape(a.shape());
    }

    /**
     * The same graph with node v renamed {@code perm[v]}, and its edges given in a shuffled order, so that neither
     * node order nor edge order can leak into a result.
     */
    public static Graph graph(Graph g, int[] perm, Random random) {
        return graph(g, perm, random(g.numEdges(), random));
    }

    /**
     * The same graph with node v renamed {@code nodes[v]}, and its stored edge e handed to the builder at position
     * {@code edges[e]} (the builder sorts them by receiver again, keeping that order among the edges of a receiver).
     * Every part moves with its rows: node features, positions and node targets with the nodes, edge features with
     * the edges, edge types with the edges.
     */
    public static Graph graph(Graph g, int[] nodes, int[] edges) {
        int[] s = g.senders();
        int[] r = g.receivers();
        int[] s2 = new int[s.length];
        int[] r2 = new int[s.length];
        for (int e = 0; e < s.length; e++) {
            s2[edges[e]] = nodes[s[e]];
            r2[edges[e]] = nodes[r[e]];
        }
        Graph.Builder b = Graph.builder(g.numNodes()).edges(s2, r2);
        if (g.nodeFeatures() != null) {
            b.nodeFeatures(rows(g.nodeFeatures(), nodes));
        }
        if (g.edgeFeatures() != null) {
            b.edgeFeatures(rows(g.edgeFeatures(), edges));
        }
        if (g.edgeTypes() != null) {
            int[] types = new int[s.length];
            for (int e = 0; e < s.length; e++) {
                types[edges[e]] = g.edgeTypes()[e];
            }
            b.edgeTypes(types, g.relationCount());
        }
        if (g.positions() != null) {
            b.positions(rows(g.positions(), nodes));
        }
        if (g.nodeTargets() != null) {
            b.nodeTargets(rows(g.nodeTargets(), nodes));
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
