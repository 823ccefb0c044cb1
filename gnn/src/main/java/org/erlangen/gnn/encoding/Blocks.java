package org.erlangen.gnn.encoding;

import org.erlangen.graph.Graph;
import org.erlangen.sparse.Segments;

/**
 * A graph cut into the disjoint graphs of a batch: for block {@code b}, its node range and its edges in local node
 * indices. Encodings are computed per graph, since they are spectral or walk quantities of each graph on its own.
 */
final class Blocks {
    /** One graph of the batch: {@code n} nodes starting at merged node {@code offset}, local edges. */
    record Block(int offset, int n, int[] senders, int[] receivers) {
    }

    private Blocks() {
    }

    static Block[] of(Graph graph, Segments nodes) {
        if (nodes.total() != graph.numNodes()) {
            throw new IllegalArgumentException("the node groups cover " + nodes.total() + " nodes but the graph has "
                    + graph.numNodes());
        }
        int[] s = graph.senders();
        int[] r = graph.receivers();
        int[] block = nodes.ids();
        int[] counts = new int[nodes.count()];
        for (int e = 0; e < s.length; e++) {
            if (block[s[e]] != block[r[e]]) {
                throw new IllegalArgumentException("edge " + e + " (" + s[e] + " -> " + r[e] + ") joins graph "
                        + block[s[e]] + " to graph " + block[r[e]]);
            }
            counts[block[r[e]]]++;
        }
        Block[] blocks = new Block[nodes.count()];
        int[] filled = new int[nodes.count()];
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = new Block(nodes.start(b), nodes.size(b), new int[counts[b]], new int[counts[b]]);
        }
        for (int e = 0; e < s.length; e++) {
            Block b = blocks[block[r[e]]];
            int k = filled[block[r[e]]]++;
            b.senders()[k] = s[e] - b.offset();
            b.receivers()[k] = r[e] - b.offset();
        }
        return blocks;
    }

    static Segments whole(Graph graph) {
        return Segments.ofSizes(new int[] {graph.numNodes()});
    }
}
