package org.erlangen.gnn.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.erlangen.graph.Graph;
import org.erlangen.train.Metrics;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Graph classification with more than two classes: every class gets an output, and each one is learnt. */
class MultiClassGraphTest {
    static final int CLASSES = 4;

    /** Paths of one-hot typed nodes; the class is the type that more than half the nodes have. */
    static List<Graph> pluralityGraphs(int count, long seed) {
        Random random = new Random(seed);
        List<Graph> graphs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = i % CLASSES;
            int n = 6 + random.nextInt(8);
            int[] types = new int[n];
            for (int v = 0; v < n; v++) {
                types[v] = v < n / 2 + 1 ? label : random.nextInt(CLASSES); // a strict majority of the label
            }
            for (int v = n - 1; v > 0; v--) {
                int w = random.nextInt(v + 1);
                int t = types[v];
                types[v] = types[w];
                types[w] = t;
            }
            float[][] x = new float[n][CLASSES];
            for (int v = 0; v < n; v++) {
                x[v][types[v]] = 1;
            }
            int[] s = IntStream.range(1, n).map(v -> v - 1).toArray();
            int[] r = IntStream.range(1, n).toArray();
            graphs.add(Graph.builder(n).edges(s, r).nodeFeatures(Nd4j.createFromArray(x))
                    .graphTargets(Nd4j.createFromArray(new int[] {label})).build());
        }
        return graphs;
    }

    @Test
    void ginLearnsFourClassesAndScoresEachOne() {
        List<Graph> graphs = pluralityGraphs(200, 11);
        int[] train = IntStream.range(0, 160).toArray();
        int[] validation = IntStream.range(160, 180).toArray();
        int[] test = IntStream.range(180, 200).toArray();
        var predictor = new GraphPredictor(GraphPredictor.Kind.CLASSIFICATION).layer("gin").hidden(32).layers(3)
                .batchSize(32).seed(1).training(t -> t.epochs(40));
        predictor.fit(graphs, train, validation, e -> { });
        INDArray out = predictor.predict(graphs, test);
        assertArrayEquals(new long[] {test.length, CLASSES}, out.shape(), "one score per class");
        int[] predicted = Metrics.argmax(out);
        int[] truth = GraphPredictor.labels(graphs);
        int[] correct = new int[CLASSES];
        int[] seen = new int[CLASSES];
        for (int k = 0; k < test.length; k++) {
            seen[truth[test[k]]]++;
            correct[truth[test[k]]] += predicted[k] == truth[test[k]] ? 1 : 0;
        }
        double accuracy = predictor.score(graphs, test);
        assertEquals(IntStream.of(correct).sum() / (double) test.length, accuracy, 1e-12);
        assertTrue(accuracy >= 0.85, "test accuracy " + accuracy);
        for (int c = 0; c < CLASSES; c++) {
            assertTrue(seen[c] > 0 && correct[c] > 0, "class " + c + ": " + correct[c] + " of " + seen[c]);
        }
    }
}
