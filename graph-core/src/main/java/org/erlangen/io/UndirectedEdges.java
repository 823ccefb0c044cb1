package org.erlangen.io;

import java.util.Arrays;

/**
 * PyG's {@code to_undirected}: the edges together with their reverses, coalesced, so each ordered pair of nodes
 * appears once. An edge listed twice, or in both directions, becomes one edge each way; a self loop stays, once.
 * Where a file lists each undirected edge once and no pair twice (what OGB's {@code add_inverse_edge} datasets, such
 * as ogbn-products, assume), this is exactly OGB's own doubling of the edges.
 *
 * <p>Built in place as a receiver-sorted adjacency (a counting sort, then a sort of each row), for graphs of a
 * hundred million directed edges: at most two arrays of the result's size are held at once besides the input.
 */
final class UndirectedEdges {
    /** The most values a Java array holds. */
    private static final long MAX_EDGES = Integer.MAX_VALUE - 8;

    private UndirectedEdges() {
    }

    /**
     * {senders, receivers} of the undirected graph, sorted by receiver and then sender, from the first {@code count}
     * edges {@code from[e] -> to[e]}; node ids must lie in [0, numNodes).
     */
    static int[][] of(int[] from, int[] to, int count, int numNodes) {
        int[] start = new int[numNodes + 1];
        long total = 0;
        for (int e = 0; e < count; e++) {
            start[to[e]]++;
            total++;
            if (from[e] != to[e]) {
                start[from[e]]++;
                total++;
            }
        }
        if (total > MAX_EDGES) {
            throw new IllegalArgumentException(count + " edges make " + total + " directed ones, more than the "
                    + MAX_EDGES + " one array holds");
        }
        // start[v] becomes where row v begins; next[v] is where its next entry goes
        int sum = 0;
        for (int v = 0; v <= numNodes; v++) {
            int size = start[v];
            start[v] = sum;
            sum += size;
        }
        int[] next = Arrays.copyOf(start, numNodes);
        int[] senders = new int[(int) total];
        for (int e = 0; e < count; e++) {
            senders[next[to[e]]++] = from[e];
            if (from[e] != to[e]) {
                senders[next[from[e]]++] = to[e];
            }
        }
        // sort each row and drop repeats, moving rows down over the gaps
        int kept = 0;
        for (int v = 0; v < numNodes; v++) {
            int begin = start[v];
            int end = start[v + 1];
            Arrays.sort(senders, begin, end);
            start[v] = kept;
            for (int k = begin; k < end; k++) {
                if (k == begin || senders[k] != senders[k - 1]) {
                    senders[kept++] = senders[k];
                }
            }
        }
        start[numNodes] = kept;
        // trimmed before the receivers are made, so that the untrimmed array can go first
        int[] trimmed = kept == senders.length ? senders : Arrays.copyOf(senders, kept);
        senders = null;
        int[] receivers = new int[kept];
        for (int v = 0; v < numNodes; v++) {
            Arrays.fill(receivers, start[v], start[v + 1], v);
        }
        return new int[][] {trimmed, receivers};
    }
}
