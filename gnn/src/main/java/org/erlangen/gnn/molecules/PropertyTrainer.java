package org.erlangen.gnn.molecules;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.GraphLoader;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Adam;
import org.erlangen.train.BudgetedSchedule;
import org.erlangen.train.Losses;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a {@link GineModel} on one property per molecule (the graph target): targets standardised by the mean and
 * standard deviation of the training molecules, mean squared error, Adam with warm-up and cosine decay (optionally
 * within a time budget), and the weights of the epoch with the lowest validation RMSE kept at the end.
 */
public final class PropertyTrainer {
    /** Training options; {@code budgetSeconds} 0 means no time limit. */
    public record Settings(int epochs, int batchSize, double learningRate, double warmupFraction, long seed,
            double budgetSeconds) {
        public Settings {
            if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || !(warmupFraction >= 0 && warmupFraction < 1)
                    || !(budgetSeconds >= 0)) {
                throw new IllegalArgumentException("need epochs and batch size of at least 1, a positive learning "
                        + "rate, a warm-up fraction in [0, 1) and a non-negative time budget, got " + this);
            }
        }
    }

    /** Called after each epoch; RMSE in target units, NaN without validation molecules. */
    @FunctionalInterface
    public interface EpochListener {
        void epoch(int epoch, double trainLoss, double validationRmse, double learningRate, double seconds);
    }

    private final GineModel model;
    private final List<Graph> graphs;
    private final double[] targets;
    private double mean;
    private double std = Double.NaN;

    /** @param graphs 2D molecular graphs whose first graph target is the property */
    public PropertyTrainer(GineModel model, List<Graph> graphs) {
        if (graphs.isEmpty()) {
            throw new IllegalArgumentException("no molecules to train on");
        }
        this.model = model;
        this.graphs = graphs;
        this.targets = new double[graphs.size()];
        for (int i = 0; i < targets.length; i++) {
            INDArray t = graphs.get(i).graphTargets();
            if (t == null || t.length() < 1) {
                throw new IllegalArgumentException("molecule " + i + " has no target value");
            }
            targets[i] = t.getDouble(0);
        }
    }

    /** Trains on {@code train}; returns the best epoch (by validation RMSE), or the last without validation. */
    public int fit(Settings s, int[] train, int[] validation, EpochListener listener) {
        double[] y = Arrays.stream(train).mapToDouble(i -> targets[i]).toArray();
        mean = Arrays.stream(y).average().orElseThrow();
        double variance = Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum() / y.length;
        std = variance > 0 ? Math.sqrt(variance) : 1.0;
        GraphLoader loader = GraphLoader.over(graphs).indices(train).batchSize(s.batchSize()).shuffle(s.seed())
                .build();
        Adam adam = new Adam(model.parameters(), s.learningRate());
        BudgetedSchedule schedule = new BudgetedSchedule(s.learningRate(), s.warmupFraction(),
                (long) s.epochs() * loader.batchesPerEpoch(), s.budgetSeconds());
        boolean hasValidation = validation != null && validation.length > 0;
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        Map<String, INDArray> bestState = null;
        long step = 0;
        for (int epoch = 1; epoch <= s.epochs(); epoch++) {
            long start = System.nanoTime();
            model.train(true);
            double lossSum = 0;
            int seen = 0;
            double lr = schedule.rate(schedule.progress(step));
            for (int[] indices : loader.batchIndices(epoch - 1)) {
                double progress = schedule.progress(step);
                if (BudgetedSchedule.finished(progress)) {
                    break;
                }
                adam.setLearningRate(schedule.rate(progress));
                GraphBatch batch = GraphBatch.of(graphs, indices);
                INDArray target = standardised(indices, batch.graph().nodeFeatures().dataType());
                try (var ignored = Workspace.step()) {
                    Tensor loss = Losses.mse(model.forward(batch), Tensor.constant(target));
                    loss.backward();
                    adam.step();
                    model.zeroGrad();
                    lossSum += loss.item() * indices.length;
                    seen += indices.length;
                }
                step++;
            }
            if (seen == 0) {
                break;
            }
            double rmse = hasValidation ? evaluate(validation, s.batchSize()).rmse() : Double.NaN;
            if (!hasValidation || rmse < best) {
                best = hasValidation ? rmse : best;
                bestEpoch = epoch;
                bestState = hasValidation ? model.stateCopy() : null;
            }
            listener.epoch(epoch, lossSum / seen, rmse, lr, (System.nanoTime() - start) / 1e9);
            if (BudgetedSchedule.finished(schedule.progress(step))) {
                break;
            }
        }
        if (bestState != null) {
            model.loadStateDict(bestState);
        }
        return bestEpoch;
    }

    /** Predictions of {@code indices} in target units, in that order, with dropout off. */
    public Evaluation evaluate(int[] indices, int batchSize) {
        if (Double.isNaN(std)) {
            throw new IllegalStateException("fit the model before evaluating it");
        }
        model.eval();
        double[] predictions = new double[indices.length];
        double[] truth = new double[indices.length];
        for (int from = 0; from < indices.length; from += batchSize) {
            int[] chunk = Arrays.copyOfRange(indices, from, Math.min(indices.length, from + batchSize));
            double[] out;
            try (var noGrad = GradMode.noGrad(); var ignored = Workspace.step()) {
                out = model.forward(GraphBatch.of(graphs, chunk)).data().castTo(DataType.DOUBLE).toDoubleVector();
            }
            for (int k = 0; k < chunk.length; k++) {
                predictions[from + k] = mean + std * out[k];
                truth[from + k] = targets[chunk[k]];
            }
        }
        return Evaluation.of(truth, predictions);
    }

    /** The mean and standard deviation the targets were standardised with. */
    public double[] standardisation() {
        return new double[] {mean, std};
    }

    private INDArray standardised(int[] indices, DataType dtype) {
        double[] y = new double[indices.length];
        for (int k = 0; k < y.length; k++) {
            y[k] = (targets[indices[k]] - mean) / std;
        }
        return Nd4j.createFromArray(y).reshape(y.length, 1).castTo(dtype);
    }
}
