package org.erlangen.neo4j.model;

import java.util.ArrayList;
import java.util.List;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.LayerwiseInference;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.kernels.Termination;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model's outputs for every item of a dataset, with dropout off and no gradients: [items, outputs]. Safe to call
 * from several threads at once on one model, which only reads its parameters here. A node model trained on sampled
 * neighbourhoods predicts layer-wise ({@link LayerwiseInference}): the same outputs as the full-graph pass, holding
 * about two layers' activations for all nodes instead of every layer's. Models trained full-batch keep the full-graph
 * pass, so their predictions stay bit for bit what they were.
 */
public final class Forward {
    /** Graphs per forward pass when predicting graph-level outputs. */
    static final int GRAPH_BATCH = 256;
    /** Receivers per chunk of layer-wise prediction. */
    static final int CHUNK = LayerwiseInference.DEFAULT_CHUNK;

    private Forward() {
    }

    /** {@code check} runs between batches of graphs and, as the thread's {@link Termination} check, between layers. */
    public static INDArray outputs(GnnModel network, Dataset data, Runnable check) {
        return outputs(network, data, false, check);
    }

    /**
     * Every node's last hidden representation ({@link GnnModel#hidden}) for a node task: [nodes, width], layer-wise
     * when {@code layerwise}.
     *
     * @throws IllegalArgumentException for a graph-level model
     */
    public static INDArray hidden(GnnModel network, Dataset data, boolean layerwise, Runnable check) {
        if (data.task().graphLevel()) {
            throw new IllegalArgumentException("embeddings come from node-level models (nodeClassification, "
                    + "nodeRegression); this model is for " + data.task() + ", whose node embeddings are not handed "
                    + "out yet");
        }
        network.eval();
        try (var noGrad = GradMode.noGrad(); var checked = Termination.checkedBy(check)) {
            if (layerwise) {
                return LayerwiseInference.hidden(network, data.whole(), CHUNK);
            }
            Graph g = data.whole();
            try (var step = Workspace.step()) {
                return Workspace.keep(network.hidden(g, Tensor.constant(g.nodeFeatures())).data());
            }
        }
    }

    /** As {@link #outputs(GnnModel, Dataset, Runnable)}, layer-wise for a node task when {@code layerwise}. */
    public static INDArray outputs(GnnModel network, Dataset data, boolean layerwise, Runnable check) {
        network.eval();
        try (var noGrad = GradMode.noGrad(); var checked = Termination.checkedBy(check)) {
            if (!data.task().graphLevel() && layerwise) {
                return LayerwiseInference.outputs(network, data.whole(), CHUNK);
            }
            if (!data.task().graphLevel()) {
                Graph g = data.whole();
                try (var step = Workspace.step()) {
                    return Workspace.keep(network.nodes(g, Tensor.constant(g.nodeFeatures())).data());
                }
            }
            List<INDArray> parts = new ArrayList<>();
            List<Graph> graphs = data.graphs();
            for (int start = 0; start < graphs.size(); start += GRAPH_BATCH) {
                Termination.check();
                GraphBatch batch = GraphBatch.of(graphs.subList(start, Math.min(graphs.size(), start + GRAPH_BATCH)));
                try (var step = Workspace.step()) {
                    parts.add(Workspace.keep(network.graphs(batch, Tensor.constant(batch.graph().nodeFeatures()))
                            .data()));
                }
            }
            if (parts.size() == 1) {
                return parts.get(0);
            }
            INDArray all = Nd4j.concat(0, parts.toArray(INDArray[]::new));
            parts.forEach(INDArray::close); // off-heap, copied into the whole
            return all;
        }
    }
}
