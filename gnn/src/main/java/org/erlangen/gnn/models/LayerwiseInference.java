package org.erlangen.gnn.models;

import org.erlangen.graph.Graph;
import org.erlangen.graph.sampling.FeatureRows;
import org.erlangen.graph.sampling.NeighborSampler;
import org.erlangen.graph.sampling.NodeRows;
import org.erlangen.graph.sampling.SampledSubgraph;
import org.erlangen.kernels.Termination;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A node model's outputs for every node, one layer at a time over all nodes with their full neighbourhoods (no
 * sampling), as PyG's and DGL's layer-wise inference: memory holds about two layers' activations for all nodes, not
 * the hops-times-fanout neighbourhoods of a sampled computation. Each layer runs over chunks of receivers: a chunk's
 * in-neighbours are gathered, the layer runs on that one-hop subgraph, and the chunk's rows are kept. The result equals
 * the full-graph forward pass, because every layer but GCN reads only a receiver's own in-edges. GCN's normalisation
 * also reads each sender's degree, which a chunk does not hold, so GCN layers run on the whole graph at once (its
 * aggregation is one sparse product, with no per-edge activations).
 */
public final class LayerwiseInference {
    /** Receivers per chunk: large enough that a chunk's dense products stay efficient. */
    public static final int DEFAULT_CHUNK = 8192;

    private LayerwiseInference() {
    }

    /** The model's outputs ([nodes, outputs]) for every node of {@code graph}, with its node features as inputs. */
    public static INDArray outputs(GnnModel model, Graph graph, int chunk) {
        return outputs(model, graph, chunk, null);
    }

    /**
     * As {@link #outputs(GnnModel, Graph, int)}, reading the first layer's inputs from {@code features} (the graph's
     * node features, gathered already, for example by the loader that trained the model), or from the graph's own
     * when null.
     */
    public static INDArray outputs(GnnModel model, Graph graph, int chunk, NodeRows features) {
        return firstLayers(model, graph, chunk, features, model.layerCount());
    }

    /**
     * {@link GnnModel#hidden} computed a layer at a time: the outputs of all layers but the last, for every node.
     */
    public static INDArray hidden(GnnModel model, Graph graph, int chunk) {
        return firstLayers(model, graph, chunk, null, model.layerCount() - 1);
    }

    private static INDArray firstLayers(GnnModel model, Graph graph, int chunk, NodeRows features, int count) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be at least 1 node, got " + chunk);
        }
        INDArray given = graph.nodeFeatures();
        if (given == null) {
            throw new IllegalArgumentException("layer-wise inference needs node features");
        }
        if (features != null && !features.holds(given)) {
            throw new IllegalArgumentException("the rows given are not this graph's node features");
        }
        model.eval();
        try (var noGrad = GradMode.noGrad()) {
            if (count == 0) {
                try (var step = Workspace.step()) {
                    return Workspace.keep(model.inputs(Tensor.constant(given)).data());
                }
            }
            if (Layers.needsSelfLoops(model.config().layer())) {
                return wholeGraph(model, graph, given, count);
            }
            var sampler = NeighborSampler.uniform(graph.adjacency(), new int[] {-1}, false);
            NodeRows h = features != null ? features : NodeRows.of(given);
            for (int layer = 0; layer < count; layer++) {
                NodeRows out = chunked(model, graph, sampler, h, layer, chunk);
                if (h != features) {
                    h.free(given); // the layer before: two layers' activations at most
                }
                h = out;
            }
            return h.toArray();
        }
    }

    private static INDArray wholeGraph(GnnModel model, Graph graph, INDArray features, int count) {
        INDArray h = features;
        for (int layer = 0; layer < count; layer++) {
            Termination.check();
            INDArray out;
            try (var step = Workspace.step()) {
                Tensor x = Tensor.constant(h);
                x = layer == 0 ? model.inputs(x) : x;
                out = Workspace.keep(model.layerOutput(layer, graph, x).data());
            }
            if (h != features && h.closeable()) {
                h.close();
            }
            h = out;
        }
        return h;
    }

    private static NodeRows chunked(GnnModel model, Graph graph, NeighborSampler sampler, NodeRows h,
            int layer, int chunk) {
        int n = graph.numNodes();
        NodeRows out = null;
        for (int from = 0; from < n; from += chunk) {
            Termination.check();
            int to = Math.min(n, from + chunk);
            int[] receivers = new int[to - from];
            for (int i = 0; i < receivers.length; i++) {
                receivers[i] = from + i;
            }
            SampledSubgraph hood = sampler.sample(receivers, 0, 0);
            Graph local = hood.layerGraph(0);
            FeatureRows rows = h.gather(hood.nodes());
            try (var step = Workspace.step()) {
                Tensor x = Tensor.constant(rows.toArray());
                x = layer == 0 ? model.inputs(x) : x;
                INDArray y = model.layerOutput(layer, local, x, to - from).data();
                if (out == null) {
                    out = NodeRows.allocate(n, Math.toIntExact(y.size(1)), y.dataType());
                }
                out.put(from, y);
            }
        }
        return out;
    }
}
