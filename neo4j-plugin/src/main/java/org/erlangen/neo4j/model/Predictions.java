package org.erlangen.neo4j.model;

import org.erlangen.kernels.Buffers;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Model outputs turned back into target values: the most probable class (as the value the target property held)
 * with every class's probability, or the regression value in the target's own units.
 */
public record Predictions(Object[] values, double[][] probabilities) {

    public static Predictions of(INDArray outputs, ModelSpec spec) {
        int n = (int) outputs.rows();
        // one bulk copy: reading an INDArray element by element costs about a microsecond per element
        double[][] out = Buffers.doubleRows(outputs);
        Object[] values = new Object[n];
        if (!spec.task().classification()) {
            for (int i = 0; i < n; i++) {
                values[i] = out[i][0] * spec.targetStd() + spec.targetMean();
            }
            return new Predictions(values, null);
        }
        int classes = (int) outputs.columns();
        double[][] probabilities = new double[n][classes];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, out[i][c]);
            }
            double sum = 0;
            int best = 0;
            for (int c = 0; c < classes; c++) {
                probabilities[i][c] = Math.exp(out[i][c] - max);
                sum += probabilities[i][c];
                best = probabilities[i][c] > probabilities[i][best] ? c : best;
            }
            for (int c = 0; c < classes; c++) {
                probabilities[i][c] /= sum;
            }
            values[i] = spec.classes().get(best);
        }
        return new Predictions(values, probabilities);
    }
}
