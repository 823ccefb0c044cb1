package org.erlangen.graph.sampling;

import java.util.Arrays;
import org.erlangen.graph.Graph;

/**
 * A relabelled computation subgraph. Local node {@code i} is global node {@code nodes[i]}: the seeds first (local ids
 * {@code 0..seeds-1}, in the order given), then the nodes first reached at hop 1, then hop 2, and so on. Edge
 * {@code e} carries a message from local {@code senders[e]} to local {@code receivers[e]}; it is stored edge
 * {@code edges[e]} of the sampled graph (an entry of its CSR, for edge features). Edges are grouped by hop, hop 1
 * (into the seeds) first, and within a hop by receiver, so receivers never decrease: any prefix of the edges is a
 * CSR over a prefix of the nodes, which is what {@link #layer} hands each layer (PyG's trimming).
 *
 * <p>{@code nodesPerHop[h]} counts the nodes first reached at hop h (h = 0: the seeds); {@code edgesPerHop[h]} the
 * edges sampled at hop h + 1. The arrays are shared, not copied: do not modify them.
 */
public record SampledSubgraph(int[] nodes, int[] senders, int[] receivers, int[] edges, int[] nodesPerHop,
        int[] edgesPerHop) {

    public int hops() {
        return edgesPerHop.length;
    }

    public int seedCount() {
        return nodesPerHop[0];
    }

    public int nodeCount() {
        return nodes.length;
    }

    public int edgeCount() {
        return senders.length;
    }

    /** Nodes reached within {@code hops} hops of the seeds (the seeds are within 0). */
    public int nodesWithin(int hops) {
        checkHops(hops);
        return Arrays.stream(nodesPerHop, 0, hops + 1).sum();
    }

    /** Edges sampled at hops 1 to {@code hops}: their receivers are the nodes within {@code hops - 1}. */
    public int edgesWithin(int hops) {
        checkHops(hops);
        return Arrays.stream(edgesPerHop, 0, hops).sum();
    }

    /**
     * The part of the subgraph that layer {@code layer} (0 the first, of {@link #hops()} layers) needs: the first
     * layer runs on everything, the last only on the seeds' sampled in-edges, and its outputs for the seeds are the
     * predictions.
     */
    public LayerSpan layer(int layer) {
        if (layer < 0 || layer >= hops()) {
            throw new IllegalArgumentException("layer " + layer + " outside [0, " + hops() + ")");
        }
        int reach = hops() - layer;
        return new LayerSpan(nodesWithin(reach), edgesWithin(reach), nodesWithin(reach - 1));
    }

    /**
     * What layer {@code layer} runs on, as a graph: its {@link LayerSpan#inputNodes()} nodes (local ids) and the
     * sampled edges into the nodes whose outputs the next layer reads. The nodes past
     * {@link LayerSpan#outputNodes()} receive nothing; the model keeps only the first rows of the layer's output.
     */
    public Graph layerGraph(int layer) {
        LayerSpan span = layer(layer);
        return Graph.ofSortedEdges(span.inputNodes(), senders, receivers, span.edges());
    }

    private void checkHops(int hops) {
        if (hops < 0 || hops > hops()) {
            throw new IllegalArgumentException("hops " + hops + " outside [0, " + hops() + "]");
        }
    }
}
