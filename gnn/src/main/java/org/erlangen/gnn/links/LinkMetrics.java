package org.erlangen.gnn.links;

import java.util.Arrays;
import org.erlangen.train.Metrics;

/** How well scores rank links above non-links: ROC-AUC and average precision (GDS's AUCPR). */
public record LinkMetrics(double rocAuc, double averagePrecision) {
    public static LinkMetrics of(double[] positiveScores, double[] negativeScores) {
        double[] scores = new double[positiveScores.length + negativeScores.length];
        int[] labels = new int[scores.length];
        System.arraycopy(positiveScores, 0, scores, 0, positiveScores.length);
        System.arraycopy(negativeScores, 0, scores, positiveScores.length, negativeScores.length);
        Arrays.fill(labels, 0, positiveScores.length, 1);
        return new LinkMetrics(Metrics.rocAuc(scores, labels, null), Metrics.averagePrecision(scores, labels));
    }
}
