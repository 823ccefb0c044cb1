package org.erlangen.gnn.molecules;

import java.util.Arrays;
import java.util.List;
import org.erlangen.gnn.tasks.Evaluation;
import org.erlangen.gnn.tasks.GraphRegression;
import org.erlangen.graph.Graph;
import org.erlangen.train.LrSchedule;
import org.erlangen.train.Trainer;
import org.erlangen.train.TrainingListener;
import org.erlangen.train.TrainingSettings;

/**
 * Trains a {@link GineModel} on one property per molecule (the graph target) through the {@link Trainer}: targets
 * standardised by the mean and standard deviation of the training molecules, mean squared error, the validation
 * RMSE in target units deciding the best epoch.
 */
public final class PropertyTrainer {
    private final GraphRegression regression;
    private double mean;
    private double std = Double.NaN;

    /** @param graphs 2D molecular graphs whose first graph target is the property */
    public PropertyTrainer(GineModel model, List<Graph> graphs) {
        this.regression = new GraphRegression(model, model::forward, graphs, "molecule", "target value");
    }

    /** Learning rate {@code lr} with a 5% linear warm-up and cosine decay over {@code epochs}. */
    public static TrainingSettings defaults(int epochs, double lr) {
        return TrainingSettings.builder().epochs(epochs).schedule(LrSchedule.warmupCosine(lr, 0.05)).build();
    }

    /** Trains on {@code train} in batches of {@code batchSize}; validation RMSE is reported as {@code val_rmse}. */
    public Trainer.Result fit(TrainingSettings training, int batchSize, long seed, int[] train, int[] validation,
            TrainingListener listener) {
        double[] y = regression.targets(train);
        mean = Arrays.stream(y).average().orElseThrow();
        double variance = Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum() / y.length;
        std = variance > 0 ? Math.sqrt(variance) : 1.0;
        return new Trainer(training).listener(listener).fit(regression.objective(scale(), GraphRegression.Loss.MSE,
                GraphRegression.Metric.RMSE, train, validation, batchSize, seed));
    }

    /** Predictions of {@code indices} in target units, in that order, with dropout off. */
    public Evaluation evaluate(int[] indices, int batchSize) {
        return regression.evaluate(scale(), indices, batchSize);
    }

    /** The mean and standard deviation the targets were standardised with. */
    public double[] standardisation() {
        return new double[] {mean, std};
    }

    private GraphRegression.Scale scale() {
        if (Double.isNaN(std)) {
            throw new IllegalStateException("fit the model before evaluating it");
        }
        double m = mean;
        double s = std;
        return new GraphRegression.Scale() {
            @Override
            public double normalise(double target, int graph) {
                return (target - m) / s;
            }

            @Override
            public double denormalise(double output, int graph) {
                return m + s * output;
            }
        };
    }
}
