package org.erlangen.gnn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Permutations;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Every layer the builder knows, stacked into a graph-level model: outputs per graph ignore node and edge order. */
class GnnModelTest {
    private static List<Graph> graphs(long seed, boolean selfLoops) {
        List<Graph> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Graph g = RandomGraphs.of(8 + i, 20).symmetric(true).nodeFeatures(5).seed(seed + i).build();
            g = g.toBuilder().nodeFeatures(g.nodeFeatures().castTo(DataType.DOUBLE)).build();
            out.add(selfLoops ? g.withSelfLoops() : g);
        }
        return out;
    }

    private static INDArray outputs(GnnModel model, List<Graph> graphs) {
        GraphBatch batch = GraphBatch.of(graphs);
        try (var ignored = GradMode.noGrad()) {
            return model.graphs(batch, Tensor.constant(batch.graph().nodeFeatures())).data().dup();
        }
    }

    @Test
    void everyLayerGivesPermutationInvariantGraphOutputs() {
        for (String layer : Layers.names()) {
            ModelConfig config = new ModelConfig(layer, "graph", 5, 8, 3, 2, 0.0, "sum", 2, 1.5, "batch", true);
            GnnModel model = new GnnModel(config, 7, DataType.DOUBLE);
            List<Graph> graphs = graphs(11, Layers.needsSelfLoops(layer));
            Random random = new Random(3);
            List<Graph> permuted = graphs.stream()
                    .map(g -> Permutations.graph(g, Permutations.random(g.numNodes(), random), random)).toList();
            for (boolean training : new boolean[] {true, false}) {
                model.train(training);
                INDArray expected = outputs(model, graphs);
                INDArray actual = outputs(model, permuted);
                assertTrue(expected.equalsWithEps(actual, 1e-10), layer + " (training=" + training
                        + ") changed its graph outputs under a node permutation");
            }
        }
    }

    @Test
    void configRoundTripsThroughJsonAndRejectsUnknownLayers() {
        ModelConfig config = new ModelConfig("gat", "node", 16, 64, 7, 2, 0.6, "mean", 8, 2.0, "batch", false);
        ModelConfig back = ModelConfig.fromJson(config.toJson());
        assertTrue(config.equals(back), back.toString());
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig("nope", "node", 1, 1, 1, 1, 0, "sum", 1));
        assertTrue(e.getMessage().contains("known layers"), e.getMessage());
        assertArrayEquals(new String[] {"deepsets", "edgeconv", "gat", "gatv2", "gcn", "gin", "pna", "sage",
                "transformer"},
                Layers.names().toArray(new String[0]));
    }
}
