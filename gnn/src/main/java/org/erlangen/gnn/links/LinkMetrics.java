package org.erlangen.gnn.links;

import java.util.Arrays;
import org.erlangen.train.Metrics;

/** How well scores rank links above non-links: ROC-AUC and average precision (GDS's AUCPR). */
public record LinkMetrics(double rocAuc, double averagePrecision) {
    public static LinkMetrics of(double[] positiveScores, double[] negativeScores) {
        double[] scores = concat(positiveScores, negativeScores);
        int[] labels = labels(positiveScores.length, scores.length);
        return new LinkMetrics(Metrics.rocAuc(scores, labels, null), Metrics.averagePrecision(scores, labels));
    }

    /** ROC-AUC alone: what validation after every epoch needs. */
    public static double rocAuc(double[] positiveScores, double[] negativeScores) {
        double[] scores = concat(positiveScores, negativeScores);
        return Metrics.rocAuc(scores, labels(positiveScores.length, scores.length), null);
    }

    private static double[] concat(double[] positive, double[] negative) {
        double[] scores = Arrays.copyOf(positive, positive.length + negative.length);
        System.arraycopy(negative, 0, scores, positive.length, negative.length);
        return scores;
    }

    private static int[] labels(int positives, int total) {
        int[] labels = new int[total];
        Arrays.fill(labels, 0, positives, 1);
        return labels;
    }
}
