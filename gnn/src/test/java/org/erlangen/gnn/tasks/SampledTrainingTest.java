package org.erlangen.gnn.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.erlangen.gnn.conv.SAGEConv;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.LayerwiseInference;
import org.erlangen.gnn.models.Layers;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.gnn.models.SampledBatch;
import org.erlangen.graph.Graph;
import org.erlangen.graph.sampling.NeighborSampler;
import org.erlangen.graph.sampling.NodeRows;
import org.erlangen.graph.sampling.SampledSubgraph;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Reductions;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GraphPermutations;
import org.erlangen.testing.Rows;
import org.erlangen.testing.Tolerance;
import org.erlangen.train.TrainingWarning;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Mini-batch training on sampled neighbourhoods and layer-wise inference, for every node-level layer. */
class SampledTrainingTest {
    private static final List<String> NODE_LAYERS = List.of("gcn", "sage", "gin", "gat", "gatv2", "transformer",
            "pna", "edgeconv");

    /**
     * Three planted classes: features carry the class weakly, edges mostly join nodes of one class, so a graph layer
     * beats the features alone. Undirected, as the Planetoid graphs are.
     */
    static Graph planted(int n, int degree, long seed, DataType dtype) {
        var random = new SplittableRandom(seed);
        int classes = 3;
        int[] label = new int[n];
        double[] x = new double[n * 6];
        for (int v = 0; v < n; v++) {
            label[v] = random.nextInt(classes);
            for (int f = 0; f < 6; f++) {
                x[v * 6 + f] = random.nextGaussian() + (f % classes == label[v] ? 0.6 : 0);
            }
        }
        List<int[]> edges = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            for (int k = 0; k < degree / 2; k++) {
                int u = random.nextInt(n);
                for (int tries = 0; tries < 20 && random.nextDouble() < 0.85 && label[u] != label[v]; tries++) {
                    u = random.nextInt(n);
                }
                if (u != v) {
                    edges.add(new int[] {u, v});
                    edges.add(new int[] {v, u});
                }
            }
        }
        int[] s = edges.stream().mapToInt(e -> e[0]).toArray();
        int[] r = edges.stream().mapToInt(e -> e[1]).toArray();
        return Graph.builder(n).edges(s, r)
                .nodeFeatures(Nd4j.createFromArray(x).reshape(n, 6).castTo(dtype))
                .nodeTargets(Nd4j.createFromArray(label).castTo(DataType.INT64)).build();
    }

    private static Graph forLayer(Graph g, String layer) {
        return Layers.needsSelfLoops(layer) ? g.withSelfLoops() : g;
    }

    private static GnnModel model(String layer, Graph g, DataType dtype) {
        var config = new ModelConfig(layer, "node", 6, 8, 3, 2, 0.0, "sum", layer.startsWith("gat")
                || layer.equals("transformer") ? 2 : 1, 1.5);
        var model = new GnnModel(config, 5, dtype);
        model.eval();
        return model;
    }

    /** What the model gives the seeds when it runs on their sampled subgraph. */
    private static INDArray sampled(GnnModel model, Graph g, String layer, int[] fanouts, int[] seeds) {
        SampledSubgraph sub = NeighborSampler.uniform(g.adjacency(), fanouts, false).sample(seeds, 3, 1);
        SampledBatch batch = SampledBatch.of(sub, NodeRows.of(g.nodeFeatures()), layer);
        assertArrayEquals(seeds, batch.seeds());
        try (var noGrad = GradMode.noGrad()) {
            return batch.outputs(model).data();
        }
    }

    private static INDArray full(GnnModel model, Graph g) {
        try (var noGrad = GradMode.noGrad()) {
            return model.nodes(g, Tensor.constant(g.nodeFeatures())).data();
        }
    }

    @Test
    void withEveryNeighbourTheSampledComputationIsTheFullGraphsAtTheSeeds() {
        Graph base = planted(60, 6, 1, DataType.DOUBLE);
        int[] seeds = {17, 3, 42, 0, 59};
        for (String layer : NODE_LAYERS) {
            if (layer.equals("gcn")) {
                continue; // GCN normalises by each sender's degree in the sampled graph, as PyG's does
            }
            Graph g = forLayer(base, layer);
            GnnModel model = model(layer, g, DataType.DOUBLE);
            INDArray expected = Nd4j.pullRows(full(model, g), 1, seeds);
            INDArray actual = sampled(model, g, layer, new int[] {-1, -1}, seeds);
            assertArrayEquals(new long[] {seeds.length, 3}, actual.shape(), layer);
            assertClose(expected, actual, 1e-10, layer);
        }
    }

    @Test
    void sageComputesOnlyItsTargetsRowsWithTheSameValuesAndGradients() {
        Graph g = planted(40, 6, 8, DataType.DOUBLE);
        int targets = 15;
        // keep only the edges into the first 15 nodes, as a sampled layer graph has
        int[] s = g.senders();
        int[] r = g.receivers();
        int kept = (int) Arrays.stream(r).filter(v -> v < targets).count();
        Graph into = Graph.builder(40).edges(Arrays.copyOf(s, kept), Arrays.copyOf(r, kept))
                .nodeFeatures(g.nodeFeatures()).build();
        for (int out : new int[] {3, 12}) { // narrower than the input (transform first) and wider (aggregate first)
            var sage = SAGEConv.builder(6, out).seed(4).dtype(DataType.DOUBLE).build();
            Tensor x = Tensor.parameter(into.nodeFeatures().dup());
            Tensor full = Shapes.slice(sage.forward(into, x), 0, 0, targets);
            Reductions.sum(Ops.mul(full, full)).backward();
            INDArray fullGrad = sage.parameters().get(0).grad().dup();
            INDArray fullInputGrad = x.grad().dup();
            sage.zeroGrad();
            Tensor x2 = Tensor.parameter(into.nodeFeatures().dup());
            Tensor part = sage.forward(into, x2, targets);
            Reductions.sum(Ops.mul(part, part)).backward();
            assertClose(full.data(), part.data(), 1e-12, "outputs, width " + out);
            assertClose(fullGrad, sage.parameters().get(0).grad(), 1e-12, "weight gradient, width " + out);
            assertClose(fullInputGrad, x2.grad(), 1e-12, "input gradient, width " + out);
        }
    }

    @Test
    void fanoutsBoundWhatTheSeedsSeeButNotTheShapeOfTheirOutputs() {
        Graph g = planted(60, 10, 2, DataType.DOUBLE);
        GnnModel model = model("sage", g, DataType.DOUBLE);
        int[] seeds = {1, 2, 3};
        INDArray all = sampled(model, g, "sage", new int[] {-1, -1}, seeds);
        INDArray few = sampled(model, g, "sage", new int[] {2, 1}, seeds);
        assertArrayEquals(all.shape(), few.shape());
        assertTrue(all.sub(few).norm2Number().doubleValue() > 1e-6, "two neighbours are not all ten");
    }

    @Test
    void layerwiseInferenceGivesTheFullBatchOutputsForEveryLayer() {
        for (DataType dtype : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            Graph base = planted(70, 6, 3, dtype);
            for (String layer : NODE_LAYERS) {
                Graph g = forLayer(base, layer);
                GnnModel model = model(layer, g, dtype);
                INDArray expected = full(model, g);
                INDArray actual = LayerwiseInference.outputs(model, g, 9); // 70 nodes in 8 chunks
                assertClose(expected, actual, dtype == DataType.DOUBLE ? 1e-10 : 1e-5, layer + " " + dtype);
                // the hidden layer (erlangen.embed.*) the same way
                model.eval();
                INDArray hidden;
                try (var noGrad = GradMode.noGrad()) {
                    hidden = model.hidden(g, Tensor.constant(g.nodeFeatures())).data();
                }
                assertClose(hidden, LayerwiseInference.hidden(model, g, 9), dtype == DataType.DOUBLE ? 1e-10 : 1e-5,
                        layer + " hidden " + dtype);
            }
        }
    }

    /**
     * With scaled inputs the first layer pools scaled rows: whether the pass scales every node's features up front
     * (its own copy) or each chunk's gathered rows (features handed in, shared with a loader).
     */
    @Test
    void aBatchScaledAndDroppedInItsHeapRowsGivesTheTensorPathsOutputsBitForBit() {
        Graph base = planted(70, 6, 3, DataType.FLOAT);
        INDArray shifted = base.nodeFeatures().mul(3).addi(2);
        for (String layer : List.of("sage", "gcn", "gat")) {
            Graph g = forLayer(base.toBuilder().nodeFeatures(shifted).build(), layer);
            SampledSubgraph sub = NeighborSampler.uniform(g.adjacency(), new int[] {4, 3}, false)
                    .sample(new int[] {5, 9, 60, 33}, 3, 1);
            INDArray[] outputs = new INDArray[2];
            for (int path = 0; path < 2; path++) {
                // the same seed twice: the same dropout draws, so the two paths must agree exactly
                var config = new ModelConfig(layer, "node", 6, 8, 3, 2, 0.5, "sum", layer.startsWith("gat") ? 2 : 1,
                        1.5).withFeatureScaling(true);
                var model = new GnnModel(config, 5, DataType.FLOAT);
                model.fitFeatureScaling(List.of(shifted));
                model.train(true);
                SampledBatch batch = SampledBatch.of(sub, NodeRows.of(shifted), layer);
                try (var noGrad = GradMode.noGrad()) {
                    outputs[path] = path == 0 ? model.nodes(batch.layerGraphs(), batch.features().tensor(),
                            batch.seeds().length).data() : batch.outputs(model).data();
                }
                if (path == 1) {
                    // the rows changed in place are no longer the gathered ones: reading them again is refused
                    assertThrows(IllegalStateException.class, () -> batch.features().toArray());
                }
            }
            assertArrayEquals(outputs[0].dup('c').data().asFloat(), outputs[1].dup('c').data().asFloat(), layer);
            assertTrue(outputs[0].neq(0).any(), "dropout left something");
        }
    }

    @Test
    void layerwiseInferenceOfAModelThatScalesItsInputsGivesTheFullBatchOutputs() {
        for (DataType dtype : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            Graph base = planted(70, 6, 3, dtype);
            INDArray shifted = base.nodeFeatures().mul(3).addi(2); // columns away from mean 0 and spread 1
            for (String layer : NODE_LAYERS) {
                Graph g = forLayer(base.toBuilder().nodeFeatures(shifted).build(), layer);
                var config = new ModelConfig(layer, "node", 6, 8, 3, 2, 0.0, "sum", layer.startsWith("gat")
                        || layer.equals("transformer") ? 2 : 1, 1.5).withFeatureScaling(true);
                var model = new GnnModel(config, 5, dtype);
                model.fitFeatureScaling(List.of(shifted));
                model.eval();
                INDArray expected = full(model, g);
                double tolerance = dtype == DataType.DOUBLE ? 1e-10 : 1e-5;
                assertClose(expected, LayerwiseInference.outputs(model, g, 9), tolerance, layer + " " + dtype);
                assertClose(expected, LayerwiseInference.outputs(model, g, 9, NodeRows.of(shifted)), tolerance,
                        layer + " given rows " + dtype);
            }
        }
    }

    @Test
    void everyNodeLayerLearnsInMiniBatches() {
        Graph base = planted(240, 8, 4, DataType.FLOAT);
        int[] train = IntStream.range(0, 160).toArray();
        int[] test = IntStream.range(160, 240).toArray();
        for (String layer : NODE_LAYERS) {
            Graph g = forLayer(base, layer);
            var classifier = new NodeClassifier().layer(layer).hidden(16).dropout(0.2).seed(7)
                    .heads(layer.startsWith("gat") || layer.equals("transformer") ? 2 : 1)
                    .fanouts(5, 5).batchSize(32).training(t -> t.epochs(15));
            var fit = classifier.fit(g, train, null, e -> { });
            assertEquals(15, fit.history().size(), layer);
            double accuracy = classifier.accuracy(g, test);
            // the same number of steps on the whole graph: what this layer attains here without sampling
            var fullBatch = new NodeClassifier().layer(layer).hidden(16).dropout(0.2).seed(7)
                    .heads(layer.startsWith("gat") || layer.equals("transformer") ? 2 : 1).training(t -> t.epochs(75));
            fullBatch.fit(g, train, null, e -> { });
            double attainable = fullBatch.accuracy(g, test);
            double first = fit.history().get(0).loss();
            double last = fit.history().get(fit.history().size() - 1).loss();
            assertTrue(last < first, layer + ": loss " + first + " -> " + last);
            assertTrue(accuracy >= attainable - 0.15, layer + ": test accuracy " + accuracy + " in mini-batches, "
                    + attainable + " full-batch");
        }
    }

    @Test
    void theSameSeedTrainsTheSameModelAtAnyNumberOfSamplingWorkers() {
        Graph g = planted(200, 8, 5, DataType.FLOAT);
        int[] train = IntStream.range(0, 120).toArray();
        INDArray reference = null;
        for (int workers : new int[] {0, 1, 3}) {
            var classifier = new NodeClassifier().layer("sage").hidden(8).seed(11).fanouts(4, 3).batchSize(16)
                    .samplingWorkers(workers).training(t -> t.epochs(3));
            classifier.fit(g, train, null, e -> { });
            INDArray logits = classifier.logits(g);
            if (reference == null) {
                reference = logits;
            } else {
                assertEquals(reference, logits, "workers " + workers);
            }
        }
    }

    @Test
    void miniBatchPredictionsDoNotDependOnHowTheGraphIsStored() {
        Graph g = planted(90, 6, 6, DataType.FLOAT);
        var classifier = new NodeClassifier().layer("sage").hidden(8).seed(3).fanouts(3, 3).batchSize(16)
                .training(t -> t.epochs(2));
        classifier.fit(g, IntStream.range(0, 60).toArray(), null, e -> { });
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES),
                Case.ofArray(g, classifier::logits), Tolerance.exact(DataType.FLOAT));
    }

    @Test
    void aSampledRunWithoutValidationNodesIsStillCheckedForConstantPredictions() {
        Graph base = planted(120, 6, 9, DataType.FLOAT);
        // no signal at all: every node looks the same, so the model can only predict one class
        Graph blind = base.toBuilder().nodeFeatures(Nd4j.zeros(DataType.FLOAT, 120, 6)).build();
        var classifier = new NodeClassifier().layer("sage").hidden(8).seed(2).fanouts(3, 3).batchSize(16)
                .training(t -> t.epochs(2));
        var fit = classifier.fit(blind, IntStream.range(0, 80).toArray(), null, e -> { });
        assertEquals(List.of(TrainingWarning.CONSTANT), fit.warnings().stream().map(TrainingWarning::code).toList());
        assertTrue(fit.warnings().get(0).message().contains("training nodes"), fit.warnings().get(0).message());
    }

    @Test
    void fanoutsMustMatchTheLayers() {
        Graph g = planted(30, 4, 7, DataType.FLOAT);
        var classifier = new NodeClassifier().layer("sage").fanouts(5).training(t -> t.epochs(1));
        var e = assertThrows(IllegalArgumentException.class, () -> classifier.fit(g, new int[] {0, 1}, null,
                x -> { }));
        assertTrue(e.getMessage().contains("1 fanouts for 2 layers"), e.getMessage());
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        double error = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber()
                .doubleValue();
        assertTrue(error <= tolerance * scale, what + ": largest difference " + error);
    }
}
