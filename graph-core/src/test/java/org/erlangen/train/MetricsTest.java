package org.erlangen.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Metrics on small examples computed by hand. */
class MetricsTest {
    @Test
    void accuracyWithMaskAndIgnoredLabels() {
        int[] pred = {0, 1, 2, 1, 0};
        int[] labels = {0, 2, 2, -1, 1};
        assertEquals(2.0 / 4, Metrics.accuracy(pred, labels, null), 1e-15);
        assertEquals(1.0 / 2, Metrics.accuracy(pred, labels, new boolean[] {false, true, true, true, false}),
                1e-15);
        assertTrue(Double.isNaN(Metrics.accuracy(pred, labels, new boolean[5])));
        var logits = Nd4j.createFromArray(new float[][] {{2, 1, 0}, {0, 3, 1}, {0, 0, 5}, {1, 1, 0}});
        assertArrayEquals(new int[] {0, 1, 2, 0}, Metrics.argmax(logits), "ties go to the first index");
        assertEquals(0.75, Metrics.accuracy(logits, new int[] {0, 1, 2, 1}, null), 1e-15);
    }

    @Test
    void crossEntropyOfLogitRows() {
        // row 0: log(e^2 + e^1 + e^0) - 2; row 1: log(1 + e^3 + e) - 1
        double row0 = Math.log(Math.exp(2) + Math.exp(1) + 1) - 2;
        double row1 = Math.log(1 + Math.exp(3) + Math.exp(1)) - 1;
        var logits = Nd4j.createFromArray(new float[][] {{2, 1, 0}, {0, 3, 1}});
        assertEquals((row0 + row1) / 2, Metrics.crossEntropy(logits, new int[] {0, 2}), 1e-6);
        var wide = Nd4j.createFromArray(new double[][] {{2, 1, 0}, {0, 3, 1}});
        assertEquals((row0 + row1) / 2, Metrics.crossEntropy(wide, new int[] {0, 2}), 1e-12);
        assertEquals((row0 + row1) / 2, Metrics.crossEntropy(new double[][] {{2, 1, 0}, {0, 3, 1}}, new int[] {0, 2}),
                1e-12);
        // rows picked out of a larger matrix read as their own
        var picked = Nd4j.createFromArray(new double[][] {{9, 9, 9}, {2, 1, 0}, {0, 3, 1}}).get(
                NDArrayIndex.interval(1, 3), NDArrayIndex.all());
        assertEquals((row0 + row1) / 2, Metrics.crossEntropy(picked, new int[] {0, 2}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Metrics.crossEntropy(wide, new int[] {0}));
    }

    @Test
    void macroF1WithAbsentClasses() {
        // classes 0 and 1 occur; class 2 never occurs and is left out
        int[] labels = {0, 0, 0, 1, 1, 1};
        int[] pred = {0, 0, 1, 1, 1, 0};
        // class 0: tp 2 fp 1 fn 1 -> F1 2/3; class 1: the same
        assertEquals(2.0 / 3, Metrics.macroF1(pred, labels, null), 1e-15);
        // class 2 is predicted once but never true: F1 0, which counts in the average
        int[] pred2 = {0, 0, 2, 1, 1, 1};
        // class 0: tp 2 fp 0 fn 1 -> 0.8; class 1: tp 3 fp 0 fn 0 -> 1; class 2: 0
        assertEquals((0.8 + 1.0 + 0.0) / 3, Metrics.macroF1(pred2, labels, null), 1e-15);
        // a true class never predicted scores 0 as well
        int[] labels3 = {0, 0, 3, 1};
        int[] pred3 = {0, 0, 1, 1};
        // class 0: 1; class 1: tp 1 fp 1 -> 2/3; class 3: 0
        assertEquals((1 + 2.0 / 3 + 0) / 3, Metrics.macroF1(pred3, labels3, null), 1e-15);
        // the mask removes row 2, so class 3 disappears
        assertEquals(1.0, Metrics.macroF1(pred3, labels3, new boolean[] {true, true, false, true}), 1e-15);
    }

    @Test
    void rankingMetricsAgreeWithTheirDefinitionsOnTiedRandomScores() {
        java.util.Random random = new java.util.Random(3);
        for (int trial = 0; trial < 20; trial++) {
            int m = 5 + random.nextInt(60);
            double[] scores = new double[m];
            int[] labels = new int[m];
            for (int i = 0; i < m; i++) {
                scores[i] = random.nextInt(6); // many ties
                labels[i] = random.nextInt(2);
            }
            labels[0] = 1;
            labels[1] = 0;
            double pairs = 0;
            double right = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    if (labels[i] == 1 && labels[j] == 0) {
                        pairs++;
                        right += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                    }
                }
            }
            assertEquals(right / pairs, Metrics.rocAuc(scores, labels, null), 1e-12);
            // average precision: the precision at each distinct threshold times the recall it adds
            double positives = java.util.Arrays.stream(labels).sum();
            double expected = 0;
            double previousRecall = 0;
            for (int t = 5; t >= 0; t--) {
                int predicted = 0;
                int hits = 0;
                for (int i = 0; i < m; i++) {
                    if (scores[i] >= t) {
                        predicted++;
                        hits += labels[i];
                    }
                }
                if (predicted > 0) {
                    expected += (hits / positives - previousRecall) * hits / predicted;
                    previousRecall = hits / positives;
                }
            }
            assertEquals(expected, Metrics.averagePrecision(scores, labels), 1e-12);
        }
    }

    @Test
    void averagePrecisionAsScikitLearn() {
        // scikit-learn's documented example of average_precision_score
        assertEquals(0.8333333333333333, Metrics.averagePrecision(new double[] {0.1, 0.4, 0.35, 0.8},
                new int[] {0, 0, 1, 1}), 1e-15);
        assertEquals(1.0, Metrics.averagePrecision(new double[] {3, 2, 1, 0}, new int[] {1, 1, 0, 0}), 1e-15);
        // tied scores enter together: one threshold, precision 1/2 at recall 1
        assertEquals(0.5, Metrics.averagePrecision(new double[] {1, 1, 1, 1}, new int[] {0, 1, 1, 0}), 1e-15);
        // the positive ranked last of four: precision 1/4
        assertEquals(0.25, Metrics.averagePrecision(new double[] {4, 3, 2, 1}, new int[] {0, 0, 0, 1}), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Metrics.averagePrecision(new double[] {1, 2},
                new int[] {0, 0}));
    }

    @Test
    void rocAucWithTies() {
        double[] scores = {0.1, 0.4, 0.35, 0.8, 0.4, 0.1};
        int[] labels = {0, 0, 1, 1, 1, 0};
        // pairs (pos, neg): 0.35 beats 0.1, 0.1, loses to 0.4 -> 2; 0.8 beats all 3 -> 3; 0.4 beats 0.1, 0.1,
        // ties 0.4 -> 2.5; total 7.5 of 9
        assertEquals(7.5 / 9, Metrics.rocAuc(scores, labels, null), 1e-15);
        assertEquals(7.5 / 9, Metrics.rocAuc(Nd4j.createFromArray(scores).reshape(6, 1), labels, null), 1e-15);
        // all scores equal: 0.5
        assertEquals(0.5, Metrics.rocAuc(new double[] {1, 1, 1, 1}, new int[] {0, 1, 1, 0}, null), 1e-15);
        // perfect and reversed rankings
        assertEquals(1.0, Metrics.rocAuc(new double[] {0.1, 0.9}, new int[] {0, 1}, null), 1e-15);
        assertEquals(0.0, Metrics.rocAuc(new double[] {0.9, 0.1}, new int[] {0, 1}, null), 1e-15);
        // the mask drops the only tie
        assertEquals(2.0 / 3, Metrics.rocAuc(scores, labels, new boolean[] {true, true, true, false, false, true}),
                1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.rocAuc(new double[] {0.1, 0.2}, new int[] {1, 1}, null));
        assertTrue(e.getMessage().contains("both classes"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.rocAuc(new double[] {0.1, 0.2}, new int[] {0, 2}, null));
    }

    @Test
    void regressionErrors() {
        double[] p = {1, 2, 3, 4};
        double[] t = {2, 2, 1, 4};
        assertEquals(3.0 / 4, Metrics.mae(p, t), 1e-15);
        assertEquals(Math.sqrt(5.0 / 4), Metrics.rmse(p, t), 1e-15);
        assertEquals(3.0 / 4, Metrics.mae(Nd4j.createFromArray(p).reshape(2, 2), Nd4j.createFromArray(t)
                .reshape(2, 2)), 1e-15);
        assertEquals(Math.sqrt(5.0 / 4), Metrics.rmse(Nd4j.createFromArray(p), Nd4j.createFromArray(t)), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Metrics.mae(p, new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.rmse(Nd4j.createFromArray(p), Nd4j.createFromArray(p).reshape(2, 2)));
    }
}
