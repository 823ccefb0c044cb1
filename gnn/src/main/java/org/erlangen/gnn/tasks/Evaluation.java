package org.erlangen.gnn.tasks;

/**
 * Targets and predictions of some items (molecules, graphs), in the same order, and the usual regression errors.
 *
 * @param targets the measured or computed values
 * @param predictions the model's values
 */
public record Evaluation(double[] targets, double[] predictions) {
    public Evaluation {
        if (targets.length != predictions.length || targets.length == 0) {
            throw new IllegalArgumentException("need as many predictions as targets, at least one; got "
                    + predictions.length + " and " + targets.length);
        }
        targets = targets.clone();
        predictions = predictions.clone();
    }

    public static Evaluation of(double[] targets, double[] predictions) {
        return new Evaluation(targets, predictions);
    }

    @Override
    public double[] targets() {
        return targets.clone();
    }

    @Override
    public double[] predictions() {
        return predictions.clone();
    }

    public int size() {
        return targets.length;
    }

    public double mae() {
        double sum = 0;
        for (int i = 0; i < targets.length; i++) {
            sum += Math.abs(predictions[i] - targets[i]);
        }
        return sum / targets.length;
    }

    public double rmse() {
        return Math.sqrt(squaredError() / targets.length);
    }

    /** The coefficient of determination {@code 1 - SS_res / SS_tot}; NaN when all targets are equal. */
    public double r2() {
        double mean = 0;
        for (double t : targets) {
            mean += t / targets.length;
        }
        double total = 0;
        for (double t : targets) {
            total += (t - mean) * (t - mean);
        }
        return total == 0 ? Double.NaN : 1 - squaredError() / total;
    }

    private double squaredError() {
        double sum = 0;
        for (int i = 0; i < targets.length; i++) {
            double e = predictions[i] - targets[i];
            sum += e * e;
        }
        return sum;
    }
}
