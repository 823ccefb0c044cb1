package org.erlangen.gnn.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.erlangen.graph.Graph;
import org.erlangen.testing.BusinessGraph;
import org.erlangen.train.TrainingDivergedException;
import org.erlangen.train.TrainingWarning;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Training that fails says so: a diverging run stops with a message, a constant model ends with a warning. */
class FailingTrainingTest {
    private static final int[] TRAIN = IntStream.range(0, 120).toArray();
    private static final int[] VALIDATION = IntStream.range(120, 160).toArray();

    /** Paths of 3 to 10 one-hot typed nodes; class 1 when type-1 nodes are the majority. */
    private static List<Graph> typedPaths(int count, long seed) {
        Random random = new Random(seed);
        List<Graph> graphs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = 3 + random.nextInt(8);
            float[][] x = new float[n][2];
            int ones = 0;
            for (int v = 0; v < n; v++) {
                int type = random.nextInt(2);
                x[v][type] = 1;
                ones += type;
            }
            graphs.add(path(n, x, 2 * ones > n ? 1 : 0));
        }
        return graphs;
    }

    private static Graph path(int n, float[][] x, int label) {
        int[] s = IntStream.range(1, n).map(v -> v - 1).toArray();
        int[] r = IntStream.range(1, n).toArray();
        return Graph.builder(n).edges(s, r).nodeFeatures(Nd4j.createFromArray(x))
                .graphTargets(Nd4j.createFromArray(new long[] {label})).build();
    }

    @Test
    void learningRate10OnAGraphClassifierStopsWithTheCauses() {
        var predictor = new GraphPredictor(GraphPredictor.Kind.CLASSIFICATION).layer("gin").hidden(32).seed(1)
                .training(t -> t.learningRate(10).epochs(50));
        var e = assertThrows(TrainingDivergedException.class,
                () -> predictor.fit(typedPaths(160, 2), TRAIN, VALIDATION, epoch -> { }));
        for (String part : new String[] {"training diverged at epoch " + e.epoch() + " (step " + e.step() + ")",
                "more than 1e+06 times its first value", "feature scaling on, 0 of 2 columns standardised",
                "learning rate too high for this model (10.0 at this step)", "a learning rate 10 times lower"}) {
            assertTrue(e.getMessage().contains(part), part + " in: " + e.getMessage());
        }
        assertTrue(e.epoch() <= 2, e.getMessage());
    }

    @Test
    void learningRate1e30OnBusinessDataStopsAtTheFirstLossThatIsNotANumber() {
        // the issue's --lr 1e30, which used to save 1,170 NaN weights of 1,252 and report an accuracy
        var business = BusinessGraph.generate(200, 3, 1);
        Graph raw = business.graph(business.rawFeatures()).withSelfLoops();
        var classifier = new NodeClassifier().seed(1).training(t -> t.learningRate(1e30));
        var e = assertThrows(TrainingDivergedException.class,
                () -> classifier.fit(raw, IntStream.range(0, 120).toArray(), IntStream.range(120, 160).toArray(),
                        epoch -> { }));
        assertEquals(2, e.epoch(), e.getMessage());
        assertTrue(e.getMessage().contains("the loss is NaN") && e.getMessage().contains("1.00e+30 at this step")
                && e.getMessage().contains("feature scaling on, 2 of 3 columns standardised"), e.getMessage());
    }

    @Test
    void aNodeClassifierThatLearnsAConstantEndsWithTheWarning() {
        // a ring whose nodes all look alike, with labels independent of everything: nothing tells them apart
        int n = 200;
        Random random = new Random(3);
        int[] s = new int[2 * n];
        int[] r = new int[2 * n];
        long[] labels = new long[n];
        for (int v = 0; v < n; v++) {
            s[2 * v] = v;
            r[2 * v] = (v + 1) % n;
            s[2 * v + 1] = (v + 1) % n;
            r[2 * v + 1] = v;
            labels[v] = random.nextInt(2);
        }
        Graph ring = Graph.builder(n).edges(s, r).nodeFeatures(Nd4j.ones(n, 2).muli(42))
                .nodeTargets(Nd4j.createFromArray(labels)).build().withSelfLoops();
        var fit = new NodeClassifier().seed(1).training(t -> t.epochs(20)).fit(ring, TRAIN, VALIDATION, e -> { });
        assertEquals(1, fit.warnings().size(), fit.warnings().toString());
        TrainingWarning w = fit.warnings().get(0);
        assertEquals(TrainingWarning.CONSTANT, w.code());
        assertTrue(w.message().contains("for all 40 validation nodes") && w.message().contains("learnt a constant"),
                w.message());
    }

    @Test
    void aGraphClassifierThatLearnsAConstantEndsWithTheWarningAndAGoodOneDoesNot() {
        Random random = new Random(4);
        List<Graph> alike = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            alike.add(path(4, new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}}, random.nextInt(2)));
        }
        var constant = new GraphPredictor(GraphPredictor.Kind.CLASSIFICATION).layer("gin").hidden(8).seed(1)
                .training(t -> t.epochs(5)).fit(alike, TRAIN, VALIDATION, e -> { });
        assertEquals(List.of(TrainingWarning.CONSTANT), constant.warnings().stream().map(TrainingWarning::code)
                .toList());
        var good = new GraphPredictor(GraphPredictor.Kind.CLASSIFICATION).layer("gin").hidden(16).layers(2).seed(2)
                .training(t -> t.epochs(40)).fit(typedPaths(160, 5), TRAIN, VALIDATION, e -> { });
        assertTrue(good.bestValue() > 0.8, "validation accuracy " + good.bestValue());
        assertEquals(List.of(), good.warnings());
    }

    @Test
    void oneFeatureThatIsNotFiniteOnOneNodeOf200IsRefusedByRowAndColumn() {
        // the NaN, Infinity and 1e300 (infinite as a float) on one customer
        var business = BusinessGraph.generate(200, 3, 1);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 1e300}) {
            double[][] x = business.rawFeatures();
            x[117][1] = bad;
            Graph g = business.graph(x).withSelfLoops();
            var e = assertThrows(IllegalArgumentException.class, () -> new NodeClassifier().fit(g,
                    IntStream.range(0, 120).toArray(), null, epoch -> { }));
            assertTrue(e.getMessage().startsWith("the node features hold " + (Double.isNaN(bad) ? "NaN" : "Infinity")
                    + " at row 117, column 1 (1 of 600 values not finite)"), e.getMessage());
        }
    }
}
