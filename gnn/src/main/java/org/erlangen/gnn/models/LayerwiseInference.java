package org.erlangen.gnn.models;

import org.erlangen.gnn.conv.PooledLayer;
import org.erlangen.graph.Graph;
import org.erlangen.graph.sampling.FeatureRows;
import org.erlangen.graph.sampling.NeighborSampler;
import org.erlangen.graph.sampling.NodeRows;
import org.erlangen.graph.sampling.SampledSubgraph;
import org.erlangen.kernels.Termination;
import org.erlangen.sparse.Csr;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A node model's outputs for every node, one layer at a time over all nodes with their full neighbourhoods (no
 * sampling), as PyG's and DGL's layer-wise inference: memory holds about two layers' activations for all nodes, not
 * the hops-times-fanout neighbourhoods of a sampled computation. Each layer runs over chunks of receivers. A layer that
 * pools its senders' rows ({@link PooledLayer}: GraphSAGE's mean, GIN's sum) gets each chunk's pools summed where the
 * rows lie, one read of each in-edge's row; any other layer gets the chunk's one-hop subgraph, its in-neighbours'
 * rows gathered first (relabelling and copying them took three quarters of a SAGE pass over a million nodes). The
 * result equals
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
            // the model's inputs once for every node, in the rows the first layer reads anyway (no more memory than
            // a copy of the features), so a pooling first layer pools scaled rows, as the full pass does
            boolean scaleInChunks = features != null && model.scalesInputs();
            NodeRows h = features != null ? features : inputRows(model, given, chunk);
            for (int layer = 0; layer < count; layer++) {
                boolean scale = layer == 0 && scaleInChunks;
                NodeRows out = chunked(model, graph, sampler, h, layer, chunk, scale);
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

    /** The model's inputs for every node: the features, scaled a chunk at a time when the model scales them. */
    private static NodeRows inputRows(GnnModel model, INDArray features, int chunk) {
        if (!model.scalesInputs()) {
            return NodeRows.of(features);
        }
        int n = Math.toIntExact(features.size(0));
        NodeRows rows = NodeRows.allocate(n, Math.toIntExact(features.size(1)), features.dataType());
        for (int from = 0; from < n; from += chunk) {
            Termination.check();
            int to = Math.min(n, from + chunk);
            try (var step = Workspace.step()) {
                rows.put(from, model.inputs(Tensor.constant(features.get(NDArrayIndex.interval(from, to),
                        NDArrayIndex.all()))).data());
            }
        }
        return rows;
    }

    /**
     * One layer over every node, a chunk of receivers at a time. A layer that pools its senders' rows (sum or mean)
     * gets each chunk's pool read from {@code h} in place; another gets the chunk's one-hop subgraph with its
     * senders' rows gathered. {@code scale}: {@code h} holds raw features the model scales first.
     */
    private static NodeRows chunked(GnnModel model, Graph graph, NeighborSampler sampler, NodeRows h,
            int layer, int chunk, boolean scale) {
        int n = graph.numNodes();
        PooledLayer.Pooling pooling = scale ? null : model.pooling(layer);
        // GCN's normalised sum reads the senders' degrees; its layers run on the whole graph (firstLayers)
        pooling = pooling == PooledLayer.Pooling.SYMMETRIC ? null : pooling;
        NodeRows messages = pooling == null ? null : messages(model, layer, h, chunk);
        NodeRows out = null;
        for (int from = 0; from < n; from += chunk) {
            Termination.check();
            int to = Math.min(n, from + chunk);
            try (var step = Workspace.step()) {
                INDArray y = pooling == null ? null
                        : pooled(model, graph.adjacency(), h, messages, layer, pooling, from, to);
                if (y == null) {
                    y = gathered(model, sampler, h, layer, from, to, scale);
                }
                if (out == null) {
                    out = NodeRows.allocate(n, Math.toIntExact(y.size(1)), y.dataType());
                }
                out.put(from, y);
            }
        }
        if (messages != null && messages != h) {
            messages.free(null);
        }
        return out;
    }

    /**
     * Every node's message to a pooling layer, a chunk at a time: {@code h} itself when the layer sends its input
     * rows, else (GraphSAGE narrowing its width) rows of its own, fewer values for the pools to read at random.
     */
    private static NodeRows messages(GnnModel model, int layer, NodeRows h, int chunk) {
        NodeRows messages = null;
        for (int from = 0, n = h.count(); from < n; from += chunk) {
            Termination.check();
            int to = Math.min(n, from + chunk);
            try (var step = Workspace.step()) {
                Tensor x = Tensor.constant(h.rows(from, to));
                Tensor m = model.layerMessage(layer, x);
                if (m == x) {
                    return h;
                }
                if (messages == null) {
                    messages = NodeRows.allocate(n, Math.toIntExact(m.size(1)), m.dtype());
                }
                messages.put(from, m.data());
            }
        }
        return messages == null ? h : messages;
    }

    /**
     * A chunk of a pooling layer: its receivers' senders' messages summed where they lie; null when they are off the
     * heap.
     */
    private static INDArray pooled(GnnModel model, Csr adjacency, NodeRows h, NodeRows messages, int layer,
            PooledLayer.Pooling pooling, int from, int to) {
        INDArray sums = messages.neighbourSums(adjacency, from, to);
        if (sums == null) {
            return null;
        }
        if (pooling == PooledLayer.Pooling.MEAN) {
            double[] inverse = new double[to - from];
            for (int i = 0; i < inverse.length; i++) {
                int degree = adjacency.rows().size(from + i);
                inverse[i] = degree == 0 ? 0 : 1.0 / degree;
            }
            sums.muliColumnVector(Nd4j.createFromArray(inverse).castTo(sums.dataType()).reshape(inverse.length, 1));
        }
        return model.layerOutputPooled(layer, Tensor.constant(sums), Tensor.constant(h.rows(from, to))).data();
    }

    /** A chunk of any layer: the one-hop subgraph of its receivers, with their senders' rows gathered. */
    private static INDArray gathered(GnnModel model, NeighborSampler sampler, NodeRows h, int layer, int from, int to,
            boolean scale) {
        int[] receivers = new int[to - from];
        for (int i = 0; i < receivers.length; i++) {
            receivers[i] = from + i;
        }
        SampledSubgraph hood = sampler.sample(receivers, 0, 0);
        Graph local = hood.layerGraph(0);
        FeatureRows rows = h.gather(hood.nodes());
        Tensor x = Tensor.constant(rows.toArray());
        rows.release(); // copied into x: the next chunk gathers into the same array
        x = scale ? model.inputs(x) : x;
        return model.layerOutput(layer, local, x, to - from).data();
    }
}
