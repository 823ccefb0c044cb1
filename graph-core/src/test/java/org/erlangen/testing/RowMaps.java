package org.erlangen.testing;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Where a permutation sends each node, each stored edge and each graph: {@code nodes[v]} is the new index of v. */
record RowMaps(int[] nodes, int[] edges, int[] graphs) {
    INDArray move(INDArray output, Rows rows) {
        int[] map = switch (rows) {
            case NODES -> nodes;
            case EDGES -> edges;
            case GRAPHS -> graphs;
        };
        if (output.rank() == 0 || output.size(0) != map.length) {
            throw new IllegalArgumentException("an output with one row per " + rows.name().toLowerCase()
                    + " needs " + map.length + " rows, got shape " + Arrays.toString(output.shape()));
        }
        return Permutations.rows(output, map);
    }

    /** The first entries of a permutation, for failure messages. */
    static String show(int[] perm) {
        int shown = Math.min(perm.length, 12);
        String head = Arrays.toString(Arrays.copyOf(perm, shown));
        return shown == perm.length ? head : head.substring(0, head.length() - 1) + ", ... of " + perm.length + "]";
    }

    static int[] identity(int n) {
        int[] id = new int[n];
        for (int i = 0; i < n; i++) {
            id[i] = i;
        }
        return id;
    }

    /**
     * Where each stored edge of a graph goes when its nodes are renumbered by {@code nodes} and the edges handed to the
     * builder in the order {@code edges}: the builder stores edges sorted by new receiver, ties by position given.
     */
    static int[] storedEdges(int[] receivers, int[] nodes, int[] edges) {
        Integer[] order = new Integer[receivers.length];
        for (int e = 0; e < order.length; e++) {
            order[e] = e;
        }
        Arrays.sort(order, (a, b) -> nodes[receivers[a]] != nodes[receivers[b]]
                ? Integer.compare(nodes[receivers[a]], nodes[receivers[b]]) : Integer.compare(edges[a], edges[b]));
        int[] stored = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            stored[order[k]] = k;
        }
        return stored;
    }
}
