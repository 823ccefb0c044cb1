package org.erlangen.train;

import java.util.Locale;

/**
 * Training stopped because it diverged: the loss or a parameter stopped being a finite number, or the loss grew a
 * million times over its first value. The message names the epoch, the step, the loss and the likely causes. An
 * {@link IllegalArgumentException}, because its causes are what the caller gave: the data's scales and the settings
 * (the command line reports it as one line with exit code 2, Cypher as the procedure's error).
 */
public final class TrainingDivergedException extends IllegalArgumentException {
    private final int epoch;
    private final long step;
    private final double loss;
    private final double learningRate;

    TrainingDivergedException(String what, int epoch, long step, double loss, double firstLoss, double learningRate,
            String inputs) {
        super(String.format(Locale.ROOT, "training diverged at epoch %d (step %d): %s, after a first loss of %.6g. "
                + "Likely causes: input features on large or very different scales (%s), or a learning rate too "
                + "high for this model (%s at this step); try feature scaling, a learning rate 10 times lower, or "
                + "gradient clipping", epoch, step, what, firstLoss, inputs.isEmpty() ? "the task did not say "
                        + "whether it scales them" : inputs, rate(learningRate)));
        this.epoch = epoch;
        this.step = step;
        this.loss = loss;
        this.learningRate = learningRate;
    }

    private static String rate(double lr) {
        return lr >= 1e-3 && lr < 1e4 ? String.format(Locale.ROOT, "%s", (float) lr)
                : String.format(Locale.ROOT, "%.3g", lr);
    }

    /** The epoch it stopped in, counted from 1. */
    public int epoch() {
        return epoch;
    }

    /** The optimizer steps taken before it stopped. */
    public long step() {
        return step;
    }

    /** The loss that stopped it (NaN when a parameter did). */
    public double loss() {
        return loss;
    }

    public double learningRate() {
        return learningRate;
    }
}
