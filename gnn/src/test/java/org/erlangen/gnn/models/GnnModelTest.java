package org.erlangen.gnn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.erlangen.gnn.conv.AttentionConv;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.BatchPermutations;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every layer the builder knows, stacked into a graph-level model: outputs per graph ignore node and edge order. */
class GnnModelTest {
    private static List<Graph> graphs(long seed, boolean selfLoops) {
        return graphs(seed, selfLoops, DataType.DOUBLE);
    }

    private static List<Graph> graphs(long seed, boolean selfLoops, DataType dtype) {
        List<Graph> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Graph g = RandomGraphs.of(8 + i, 20).symmetric(true).nodeFeatures(5).seed(seed + i).build();
            g = g.toBuilder().nodeFeatures(g.nodeFeatures().castTo(dtype)).build();
            out.add(selfLoops ? g.withSelfLoops() : g);
        }
        return out;
    }

    /** Graphs with one of {@link #RELATIONS} relations on each edge, for relational layers. */
    private static List<Graph> typedGraphs(long seed, DataType dtype) {
        Random random = new Random(seed);
        return graphs(seed, false, dtype).stream().map(g -> g.toBuilder().edgeTypes(random.ints(g.numEdges(), 0,
                RELATIONS).toArray(), RELATIONS).build()).toList();
    }

    private static final int RELATIONS = 3;

    /** The config for {@code layer}, with relations where the layer keeps weights per relation. */
    private static ModelConfig configFor(String layer) {
        ModelConfig config = new ModelConfig(layer, "graph", 5, 8, 3, 2, 0.0, "sum", 2, 1.5, "batch", true);
        return Layers.relational(layer) ? config.withRelations(RELATIONS) : config;
    }

    /** The model's graph outputs, in train or evaluation mode, as a symmetry check's case. */
    private static Case<GraphBatch> graphOutputs(GnnModel model, boolean training, List<Graph> graphs) {
        model.train(training);
        return Case.of(GraphBatch.of(graphs), b -> model.graphs(b, Tensor.constant(b.graph().nodeFeatures())));
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
            ModelConfig config = configFor(layer);
            for (boolean training : new boolean[] {true, false}) {
                Equivariance.assertEquivariant(BatchPermutations.graphsAndNodes(Rows.GRAPHS), dtype -> graphOutputs(
                        new GnnModel(config, 7, dtype), training, Layers.relational(layer) ? typedGraphs(11, dtype)
                                : graphs(11, Layers.needsSelfLoops(layer), dtype))
                        .named(layer + " (training=" + training + ")"));
            }
        }
    }

    /**
     * Fixed inputs: a first GCN layer pools them once and transforms the pool ({@code (A' X) W}); outputs and every
     * parameter's gradient as from {@code A' (X W)}, in training and in evaluation; other first layers run as before.
     */
    @Test
    void fixedInputsGiveTheOutputsAndGradientsOfTheLayersRunAsUsual() {
        Graph g = graphs(4, true).get(1);
        Tensor x = Tensor.constant(g.nodeFeatures());
        for (String layer : new String[] {"gcn", "sage"}) {
            var model = new GnnModel(new ModelConfig(layer, "node", 5, 8, 4, 3, 0.0, "sum", 1), 11, DataType.DOUBLE);
            var fixed = model.fixedInputs(g, x);
            INDArray upstream = Nd4j.rand(DataType.DOUBLE, g.numNodes(), 4);
            for (boolean training : new boolean[] {true, false}) {
                model.train(training);
                Tensor usual = model.nodesFromInputs(g, x);
                org.erlangen.tensor.Reductions.sum(Ops.mul(usual, Tensor.constant(upstream))).backward();
                var usualGrads = new java.util.LinkedHashMap<String, INDArray>();
                model.namedParameters().forEach((name, p) -> usualGrads.put(name, p.grad().dup()));
                model.zeroGrad();
                Tensor pooled = fixed.nodes();
                org.erlangen.tensor.Reductions.sum(Ops.mul(pooled, Tensor.constant(upstream))).backward();
                String what = layer + (training ? ", training" : ", evaluation");
                assertTrue(usual.data().equalsWithEps(pooled.data(), 1e-12), what + ": outputs");
                model.namedParameters().forEach((name, p) -> assertTrue(usualGrads.get(name)
                        .equalsWithEps(p.grad(), 1e-12), what + ": gradient of " + name));
                model.zeroGrad();
            }
        }
    }

    /** What {@link GnnModel#evaluatesAsItTrains} promises a link trainer that validates from its next forward. */
    @Test
    void onlyAModelWithoutDropoutOrBatchStatisticsEvaluatesAsItTrains() {
        Graph g = graphs(3, true).get(0);
        Tensor x = Tensor.constant(g.nodeFeatures());
        for (String layer : new String[] {"gcn", "sage", "gat", "gin"}) {
            for (double dropout : new double[] {0.0, 0.5}) {
                for (String norm : new String[] {"none", "batch"}) {
                    var model = new GnnModel(new ModelConfig(layer, "node", 5, 8, 4, 2, dropout, "sum", 2, 1.5, norm,
                            true), 7, DataType.DOUBLE);
                    model.train(true);
                    INDArray training = model.nodes(g, x).data().dup();
                    model.eval();
                    INDArray evaluation = model.nodes(g, x).data();
                    String what = layer + ", dropout " + dropout + ", norm " + norm;
                    boolean same = dropout == 0 && norm.equals("none");
                    assertEquals(same, model.evaluatesAsItTrains(), what);
                    if (same) {
                        assertEquals(evaluation, training, what);
                    }
                }
            }
        }
        var dropped = new GnnModel(new ModelConfig("gcn", "node", 5, 8, 4, 2, 0.5, "sum", 1), 7, DataType.DOUBLE);
        dropped.train(true);
        INDArray training = dropped.nodes(g, x).data().dup();
        dropped.eval();
        assertFalse(training.equalsWithEps(dropped.nodes(g, x).data(), 1e-9), "dropout changes a training forward");
    }

    @Test
    void configRoundTripsThroughJsonAndRejectsUnknownLayers() {
        ModelConfig config = new ModelConfig("gat", "node", 16, 64, 7, 2, 0.6, "mean", 8, 2.0, "batch", false);
        ModelConfig back = ModelConfig.fromJson(config.toJson());
        assertTrue(config.equals(back), back.toString());
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig("nope", "node", 1, 1, 1, 1, 0, "sum", 1));
        assertTrue(e.getMessage().contains("known layers"), e.getMessage());
        assertArrayEquals(new String[] {"deepsets", "edgeconv", "gat", "gatv2", "gcn", "gin", "pna", "rgcn", "sage",
                "transformer"},
                Layers.names().toArray(new String[0]));
    }

    @Test
    void theMultiHeadLayersAreThoseBuiltWithAttentionHeads() {
        for (String layer : Layers.names()) {
            ModelConfig config = configFor(layer);
            var built = Layers.factory(layer).create(5, 8, false, config, new Random(1), DataType.DOUBLE);
            boolean heads = built instanceof AttentionConv conv && conv.settings().heads() == 2
                    && conv.settings().out() == 4;
            assertEquals(heads, Layers.multiHead(layer), layer);
        }
        assertFalse(Layers.multiHead("nope"));
    }

    @Test
    void jkHeadIsPermutationInvariantAndHasCorrectGradients() {
        ModelConfig config = new ModelConfig("gin", "graph", 5, 6, 3, 3, 0.0, "sum", 1, 1.0, "batch", false, "jk");
        GnnModel model = new GnnModel(config, 5, DataType.DOUBLE);
        assertTrue(model.stateDict().containsKey("jkHead3.weight") && model.stateDict().containsKey("jkNorm3.weight"),
                model.stateDict().keySet().toString());
        for (boolean training : new boolean[] {true, false}) {
            Equivariance.assertEquivariant(BatchPermutations.graphsAndNodes(Rows.GRAPHS), dtype -> graphOutputs(
                    new GnnModel(config, 5, dtype), training, graphs(13, false, dtype))
                    .named("jk head (training=" + training + ")"));
        }
        List<Graph> graphs = graphs(13, false);
        // gradients without batch norm: a bias right before one has a zero gradient, which finite differences
        // only resolve to noise
        GnnModel plain = new GnnModel(config.with("none", false), 5, DataType.DOUBLE);
        // zero biases put a node whose hidden units are all cut exactly on the next ReLU's kink: move them off it
        Random shift = new Random(8);
        plain.namedParameters().values().forEach(p -> p.data().addi(
                org.erlangen.testing.GradCheck.uniform(shift, -0.1, 0.1, p.shape())));
        GraphBatch batch = GraphBatch.of(graphs);
        org.erlangen.testing.GradCheck.checkParameters(plain,
                () -> plain.graphs(batch, Tensor.constant(batch.graph().nodeFeatures())));
    }

    @Test
    void jkHeadSumsOneLinearHeadPerReadoutStartingWithTheInput() {
        ModelConfig config = new ModelConfig("gin", "graph", 5, 6, 2, 2, 0.5, "sum", 1, 1.0, "none", false, "jk");
        GnnModel model = new GnnModel(config, 9, DataType.DOUBLE);
        var state = model.stateDict();
        // silence the heads of layers 1 and 2: what is left is the input's readout through head 0
        for (String key : state.keySet()) {
            if (key.startsWith("jkHead1.") || key.startsWith("jkHead2.")) {
                state.get(key).assign(0);
            }
        }
        model.eval();
        List<Graph> graphs = graphs(17, false);
        GraphBatch batch = GraphBatch.of(graphs);
        INDArray pooled = org.nd4j.linalg.factory.Nd4j.create(DataType.DOUBLE, graphs.size(), 5);
        for (int g = 0; g < graphs.size(); g++) {
            pooled.putRow(g, graphs.get(g).nodeFeatures().sum(0));
        }
        INDArray expected = pooled.mmul(state.get("jkHead0.weight")).addiRowVector(state.get("jkHead0.bias"));
        assertTrue(expected.equalsWithEps(outputs(model, graphs), 1e-10), outputs(model, graphs).toString());
        var e = assertThrows(IllegalArgumentException.class, () -> config.withHead("deep"));
        assertTrue(e.getMessage().contains("mlp or jk"), e.getMessage());
        assertTrue(config.equals(ModelConfig.fromJson(config.toJson())));
    }
}
