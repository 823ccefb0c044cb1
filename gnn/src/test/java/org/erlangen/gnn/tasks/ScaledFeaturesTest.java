package org.erlangen.gnn.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.graph.Graph;
import org.erlangen.io.ModelFile;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.testing.BusinessGraph;
import org.erlangen.train.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Features on business scales train as well as standardised ones, because the model standardises them itself. */
class ScaledFeaturesTest {
    @TempDir
    Path dir;

    /** Training, validation and test nodes: 60/20/20 by node number. */
    private static int[] part(int nodes, int from, int to) {
        return IntStream.range(0, nodes).filter(v -> v % 5 >= from && v % 5 < to).toArray();
    }

    @Test
    void businessScalesTrainToWithinTwoPointsOfStandardisedFeatures() {
        // ages 18-90, incomes 10,000-250,000 and a 0/1 flag; the class is a rule of them; 600 customers, 3 seeds
        double scaled = 0;
        double standardised = 0;
        double unscaled = 0;
        List<String> runs = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            var business = BusinessGraph.generate(600, 3, seed);
            int n = business.nodes();
            Graph raw = business.graph(business.rawFeatures()).withSelfLoops();
            Graph prepared = business.graph(business.standardisedFeatures()).withSelfLoops();
            var model = new NodeClassifier().seed(seed);
            model.fit(raw, part(n, 0, 3), part(n, 3, 4), e -> { });
            var reference = new NodeClassifier().seed(seed).scaleFeatures(false);
            reference.fit(prepared, part(n, 0, 3), part(n, 3, 4), e -> { });
            var off = new NodeClassifier().seed(seed).scaleFeatures(false);
            off.fit(raw, part(n, 0, 3), part(n, 3, 4), e -> { });
            double a = model.accuracy(raw, part(n, 4, 5));
            double b = reference.accuracy(prepared, part(n, 4, 5));
            double c = off.accuracy(raw, part(n, 4, 5));
            runs.add(String.format(Locale.ROOT, "seed %d: %.4f / %.4f / %.4f", seed, a, b, c));
            scaled += a / 3;
            standardised += b / 3;
            unscaled += c / 3;
        }
        String report = String.format(Locale.ROOT, "scaled inside %.4f, standardised by hand %.4f, unscaled %.4f; %s",
                scaled, standardised, unscaled, runs);
        System.out.println("business-scale node classification: " + report);
        assertTrue(Math.abs(scaled - standardised) <= 0.02, report);
        assertTrue(scaled >= 0.9, report);
        assertTrue(scaled - unscaled >= 0.1, "scaling is what makes the difference: " + report);
    }

    @Test
    void aScaledModelPredictsTheSameAfterAModelFileRoundTrip() throws IOException {
        var business = BusinessGraph.generate(200, 3, 4);
        Graph raw = business.graph(business.rawFeatures()).withSelfLoops();
        var classifier = new NodeClassifier().seed(4).training(t -> t.epochs(30));
        classifier.fit(raw, part(200, 0, 3), part(200, 3, 4), e -> { });
        GnnModel trained = classifier.model();
        assertTrue(trained.config().scaleFeatures());
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(file, trained, trained.config().toJson());

        var contents = ModelFile.read(file);
        assertTrue(contents.config().get("scaleFeatures").getAsBoolean());
        INDArray mean = contents.tensors().get("scaling.mean");
        assertEquals(3, mean.length());
        assertEquals(0.0, mean.getDouble(2), "the flag is left as it is");
        assertTrue(mean.getDouble(1) > 10_000, "the income's mean: " + mean);

        var loaded = new GnnModel(ModelConfig.fromJson(ModelFile.read(file).config()), 99, DataType.FLOAT);
        ModelFile.loadInto(file, loaded);
        assertArrayEquals(outputs(trained, raw).data().asFloat(), outputs(loaded, raw).data().asFloat(),
                "bit for bit");
        assertArrayEquals(classifier.predict(raw), Metrics.argmax(outputs(loaded, raw)));
    }

    @Test
    void modelFilesWrittenBeforeScalingLoadWithoutIt() throws IOException {
        var config = new ModelConfig("gcn", "node", 3, 8, 2, 2, 0.5, "sum", 1);
        assertFalse(config.scaleFeatures(), "a config from before scaling");
        var old = new GnnModel(config, 1, DataType.FLOAT);
        var json = config.toJson();
        json.remove("scaleFeatures"); // as the files written before it was stored
        Path file = dir.resolve("old.safetensors");
        ModelFile.save(file, old, json);
        assertFalse(ModelFile.read(file).tensors().keySet().stream().anyMatch(k -> k.startsWith("scaling.")));
        var back = new GnnModel(ModelConfig.fromJson(ModelFile.read(file).config()), 2, DataType.FLOAT);
        assertFalse(back.config().scaleFeatures());
        ModelFile.loadInto(file, back);
        var business = BusinessGraph.generate(30, 2, 1);
        Graph g = business.graph(business.rawFeatures()).withSelfLoops();
        assertArrayEquals(outputs(old, g).data().asFloat(), outputs(back, g).data().asFloat());
    }

    @Test
    void featuresAlreadyOnTheUnitScaleTrainBitForBitAsWithoutScaling() {
        // one-hot atom types (MUTAG, NCI1) and row-normalised words (Cora) come out of the scaling as they went in
        List<Graph> graphs = new ArrayList<>();
        var random = new Random(7);
        for (int i = 0; i < 40; i++) {
            int n = 3 + random.nextInt(6);
            float[][] x = new float[n][3];
            for (int v = 0; v < n; v++) {
                x[v][random.nextInt(2)] = 1;
                x[v][2] = random.nextFloat();
            }
            int[] s = IntStream.range(1, n).map(v -> v - 1).toArray();
            int[] r = IntStream.range(1, n).toArray();
            graphs.add(Graph.builder(n).edges(s, r).nodeFeatures(Nd4j.createFromArray(x))
                    .graphTargets(Nd4j.createFromArray(new long[] {i % 2})).build());
        }
        int[] train = IntStream.range(0, 30).toArray();
        int[] validation = IntStream.range(30, 40).toArray();
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        new GraphPredictor(GraphPredictor.Kind.CLASSIFICATION).layer("gin").hidden(8).seed(3)
                .training(t -> t.epochs(5)).fit(graphs, train, validation, e -> on.add(e.loss()));
        new GraphPredictor(GraphPredictor.Kind.CLASSIFICATION).layer("gin").hidden(8).seed(3).scaleFeatures(false)
                .training(t -> t.epochs(5)).fit(graphs, train, validation, e -> off.add(e.loss()));
        assertEquals(off, on);
    }

    private static INDArray outputs(GnnModel model, Graph g) {
        model.eval();
        try (var noGrad = GradMode.noGrad(); var step = Workspace.step()) {
            return Workspace.keep(model.nodes(g, Tensor.constant(g.nodeFeatures())).data());
        }
    }
}
