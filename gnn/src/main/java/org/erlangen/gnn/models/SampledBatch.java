package org.erlangen.gnn.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.erlangen.graph.Graph;
import org.erlangen.graph.sampling.FeatureRows;
import org.erlangen.graph.sampling.NodeRows;
import org.erlangen.graph.sampling.SampledSubgraph;
import org.erlangen.tensor.Tensor;

/**
 * A sampled mini-batch as a node model runs it: each layer's graph (with self loops where the layer expects them,
 * added after sampling so none is drawn in place of a neighbour), the feature rows of the first layer's nodes, and
 * the seeds (global node ids), whose outputs the model gives. Made on a loader's worker thread, from heap arrays only.
 */
public record SampledBatch(List<Graph> layerGraphs, FeatureRows features, int[] seeds) {

    /** The batch of {@code sub}, its rows gathered from {@code features}, self loops added for {@code layer}. */
    public static SampledBatch of(SampledSubgraph sub, NodeRows features, String layer) {
        boolean loops = Layers.needsSelfLoops(layer);
        List<Graph> perLayer = new ArrayList<>(sub.hops());
        for (int i = 0; i < sub.hops(); i++) {
            Graph g = sub.layerGraph(i);
            perLayer.add(loops ? g.withSelfLoops() : g);
        }
        return new SampledBatch(List.copyOf(perLayer), features.gather(sub.nodes()),
                Arrays.copyOf(sub.nodes(), sub.seedCount()));
    }

    /** Gives the feature rows' array back for later batches; call it once the batch's step is over. */
    public void release() {
        features.release();
    }

    /** The model's outputs for the seeds, [seeds, outputs], with the rows copied into the current step's arena. */
    public Tensor outputs(GnnModel model) {
        return model.nodes(layerGraphs, features, seeds.length);
    }
}
