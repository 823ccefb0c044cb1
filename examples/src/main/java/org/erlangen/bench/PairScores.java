package org.erlangen.bench;

import java.util.function.LongToDoubleFunction;
import org.erlangen.gnn.links.LinkMetrics;
import org.erlangen.gnn.links.Pairs;

/**
 * Scores of node pairs from per-node vectors, and how well they rank a holdout's test links above its non-links:
 * the one evaluation both sides of the link-prediction benchmark go through.
 */
public final class PairScores {
    private PairScores() {
    }

    /** A pair's score as our link models give it: the dot product of its two embeddings (a logit). */
    public static LongToDoubleFunction dotProduct(double[][] embeddings) {
        return pair -> {
            double[] a = embeddings[Pairs.source(pair)];
            double[] b = embeddings[Pairs.target(pair)];
            checkWidths(a, b);
            double sum = 0;
            for (int k = 0; k < a.length; k++) {
                sum += a[k] * b[k];
            }
            return sum;
        };
    }

    /** The element-wise product of two node vectors: GDS's {@code hadamard} link feature. */
    public static double[] hadamard(double[] a, double[] b) {
        checkWidths(a, b);
        double[] out = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            out[k] = a[k] * b[k];
        }
        return out;
    }

    /** ROC-AUC and average precision of the test links against the non-links under {@code score}. */
    public static LinkMetrics evaluate(LinkHoldout holdout, LongToDoubleFunction score) {
        return LinkMetrics.of(scores(holdout.test(), score), scores(holdout.negatives(), score));
    }

    static double[] scores(long[] pairs, LongToDoubleFunction score) {
        double[] out = new double[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            out[i] = score.applyAsDouble(pairs[i]);
            if (Double.isNaN(out[i])) {
                throw new IllegalStateException("NaN score for pair (" + Pairs.source(pairs[i]) + ", "
                        + Pairs.target(pairs[i]) + ")");
            }
        }
        return out;
    }

    private static void checkWidths(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("node vectors of different widths: " + a.length + " and " + b.length);
        }
    }
}
