package org.erlangen.gnn.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.erlangen.graph.Graph;
import org.erlangen.train.LrSchedule;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class TasksTest {
    /** Two dense communities joined by a few edges: links inside a community are predictable. */
    private static Graph communities(int perCommunity, long seed) {
        Random random = new Random(seed);
        List<int[]> edges = new ArrayList<>();
        int n = 2 * perCommunity;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                boolean same = i / perCommunity == j / perCommunity;
                if (random.nextDouble() < (same ? 0.3 : 0.01)) {
                    edges.add(new int[] {i, j});
                    edges.add(new int[] {j, i});
                }
            }
        }
        int[] s = edges.stream().mapToInt(e -> e[0]).toArray();
        int[] r = edges.stream().mapToInt(e -> e[1]).toArray();
        return Graph.builder(n).edges(s, r).build();
    }

    @Test
    void linkPredictionSeparatesEdgesFromNonEdges() {
        var fit = new LinkPredictor().hidden(16).training(t -> t.epochs(60)).seed(1).fit(communities(30, 2),
                e -> { });
        assertTrue(fit.testAuc() > 0.8, "test AUC " + fit.testAuc());
        // as many negatives as positives: chance is 0.5
        assertTrue(fit.testAveragePrecision() > 0.7 && fit.testAveragePrecision() <= 1,
                "test average precision " + fit.testAveragePrecision());
    }

    @Test
    void undirectedPairsCountEachEdgeOnceAndSkipLoops() {
        Graph g = Graph.builder(3).edges(new int[] {0, 1, 1, 2, 2}, new int[] {1, 0, 2, 1, 2}).build();
        assertEquals(2, LinkPredictor.undirectedPairs(g).length);
    }

    @Test
    void graphRegressionLearnsTheNodeCountWithASumReadout() {
        // target = number of nodes: a sum readout over constant features can express it exactly
        Random random = new Random(3);
        List<Graph> graphs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int n = 2 + random.nextInt(9);
            int[] s = new int[n - 1];
            int[] r = new int[n - 1];
            for (int v = 1; v < n; v++) {
                s[v - 1] = v - 1;
                r[v - 1] = v;
            }
            graphs.add(Graph.builder(n).edges(s, r).nodeFeatures(Nd4j.ones(DataType.FLOAT, n, 1))
                    .graphTargets(Nd4j.createFromArray(new float[] {n})).build().withSelfLoops());
        }
        int[] train = java.util.stream.IntStream.range(0, 50).toArray();
        int[] test = java.util.stream.IntStream.range(50, 60).toArray();
        var predictor = new GraphPredictor(GraphPredictor.Kind.REGRESSION).hidden(16).layers(2).dropout(0)
                .training(t -> t.epochs(100).learningRate(0.01)).batchSize(25).seed(4);
        predictor.fit(graphs, train, null, e -> { });
        double mae = predictor.score(graphs, test);
        assertTrue(mae < 0.5, "test MAE " + mae + " (targets range 2..10)");
    }

    @Test
    void unlabelledTrainingNodesAreRefused() {
        Graph g = Graph.builder(2).edges(new int[] {0}, new int[] {1})
                .nodeFeatures(Nd4j.ones(DataType.FLOAT, 2, 1))
                .nodeTargets(Nd4j.createFromArray(new int[] {0, -1})).build().withSelfLoops();
        var e = assertThrows(IllegalArgumentException.class,
                () -> new NodeClassifier().training(t -> t.epochs(1)).fit(g, new int[] {0, 1}, null, epoch -> { }));
        assertTrue(e.getMessage().contains("training node 1 has no label"), e.getMessage());
    }

    /** Graphs with nodes of two types (one-hot); class 1 when type-1 nodes outnumber type-0 nodes. */
    private static List<Graph> majorityGraphs(int count, long seed) {
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
            int[] s = new int[n - 1];
            int[] r = new int[n - 1];
            for (int v = 1; v < n; v++) {
                s[v - 1] = v - 1;
                r[v - 1] = v;
            }
            graphs.add(Graph.builder(n).edges(s, r).nodeFeatures(Nd4j.createFromArray(x))
                    .graphTargets(Nd4j.createFromArray(new int[] {2 * ones > n ? 1 : 0})).build());
        }
        return graphs;
    }

    @Test
    void ginWithTheJkHeadLearnsAGraphClassWithDecayingLearningRate() {
        List<Graph> graphs = majorityGraphs(120, 5);
        int[] train = java.util.stream.IntStream.range(0, 100).toArray();
        int[] test = java.util.stream.IntStream.range(100, 120).toArray();
        var predictor = new GraphPredictor(GraphPredictor.Kind.CLASSIFICATION).layer("gin").hidden(16).layers(2)
                .norm("batch").head("jk").dropout(0.2).batchSize(32).seed(2)
                .training(t -> t.epochs(60).schedule(LrSchedule.stepDecay(0.01, 20, 0.5)));
        predictor.fit(graphs, train, null, e -> { });
        assertEquals("jk", predictor.model().config().head());
        double accuracy = predictor.score(graphs, test);
        assertTrue(accuracy >= 0.9, "test accuracy " + accuracy);
    }

    @Test
    void learningRateDecayScalesTheSteps() {
        // one batch of all training graphs and no dropout: frozen parameters give the same loss every epoch
        List<Graph> graphs = majorityGraphs(40, 6);
        int[] train = java.util.stream.IntStream.range(0, 40).toArray();
        for (double factor : new double[] {1e-12, 1.0}) {
            List<Double> losses = new ArrayList<>();
            new GraphPredictor(GraphPredictor.Kind.CLASSIFICATION).layer("gin").hidden(8).layers(2).head("jk")
                    .dropout(0).batchSize(40).seed(3)
                    .training(t -> t.epochs(3).schedule(LrSchedule.stepDecay(0.01, 1, factor)))
                    .fit(graphs, train, null, e -> losses.add(e.loss()));
            double change = Math.abs(losses.get(2) - losses.get(1));
            assertTrue(factor < 1 ? change < 1e-6 : change > 1e-4, "factor " + factor + ": losses " + losses);
        }
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.stepDecay(0.01, 10, 0));
    }
}
