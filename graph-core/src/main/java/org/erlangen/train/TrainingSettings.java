package org.erlangen.train;

import java.util.function.Predicate;

/**
 * How the {@link Trainer} trains: one record for every task in the project (the gnn tasks, the molecular trainers,
 * the mesh classifier, the Neo4j procedures and the command line), so each setting means the same everywhere.
 *
 * @param epochs passes over the task's batches (default 100)
 * @param patience stop once this many epochs have passed since the best epoch by the task's monitored validation
 *     metric; 0 never stops early (default 0). Without a validation metric there is no best epoch and no early stop.
 * @param schedule the learning rate before every optimizer step (default a constant 0.01); the optimizer is Adam
 *     with PyTorch's update and defaults
 * @param weightDecay L2 weight decay added to the gradient ({@code grad + weightDecay * p}, PyTorch's
 *     {@code Adam(weight_decay=...)}), on the parameters {@code decayed} accepts by name (default 0)
 * @param decayed which parameters, by their {@link org.erlangen.nn.Module#namedParameters() names}, weight decay
 *     applies to (default all)
 * @param gradClip gradients are scaled together to at most this global L2 norm before each step (PyTorch's
 *     {@code clip_grad_norm_}); 0 leaves them alone (default)
 * @param keepBest the model ends with the parameters of its best epoch by the monitored metric, else of its last
 *     epoch (default true)
 * @param tieBreak among epochs whose monitored metric is equal, the one with the lower validation loss
 *     ({@value Objective#VALIDATION_LOSS}) is better, when the task reports one; off (the default), the earlier
 *     epoch stays best, as in Keras's and PyTorch Geometric's examples (on MUTAG's 17-graph validation folds, where
 *     accuracy ties often, breaking ties by loss picked later epochs and cost 2.6 points of test accuracy); the Neo4j
 *     procedures turn it on, for the handful of nodes a random split of a small graph validates on
 * @param budgetSeconds a wall-clock limit on training; the schedule then follows the larger of the share of steps
 *     taken and the share of time spent, so a run cut short still ends at its schedule's final rate; 0 for none
 *     (default)
 */
public record TrainingSettings(int epochs, int patience, LrSchedule schedule, double weightDecay,
        Predicate<String> decayed, double gradClip, boolean keepBest, boolean tieBreak, double budgetSeconds) {
    /** Weight decay applies to every parameter. */
    public static final Predicate<String> ALL_PARAMETERS = name -> true;

    public TrainingSettings {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must not be negative, got " + patience);
        }
        if (schedule == null || decayed == null) {
            throw new IllegalArgumentException("a learning-rate schedule and a weight-decay selection are needed");
        }
        checkNonNegative(weightDecay, "weight decay");
        checkNonNegative(gradClip, "gradient clip norm");
        checkNonNegative(budgetSeconds, "time budget (seconds)");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = epochs;
        b.patience = patience;
        b.schedule = schedule;
        b.weightDecay = weightDecay;
        b.decayed = decayed;
        b.gradClip = gradClip;
        b.keepBest = keepBest;
        b.tieBreak = tieBreak;
        b.budgetSeconds = budgetSeconds;
        return b;
    }

    private static void checkNonNegative(double v, String what) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and non-negative, got " + v);
        }
    }

    /** The settings with their defaults; see the record's parameters. */
    public static final class Builder {
        private int epochs = 100;
        private int patience;
        private LrSchedule schedule = LrSchedule.constant(0.01);
        private double weightDecay;
        private Predicate<String> decayed = ALL_PARAMETERS;
        private double gradClip;
        private boolean keepBest = true;
        private boolean tieBreak;
        private double budgetSeconds;

        private Builder() {
        }

        public Builder epochs(int n) {
            epochs = n;
            return this;
        }

        public Builder patience(int epochsSinceBest) {
            patience = epochsSinceBest;
            return this;
        }

        /** A constant learning rate. */
        public Builder learningRate(double lr) {
            schedule = LrSchedule.constant(lr);
            return this;
        }

        public Builder schedule(LrSchedule s) {
            schedule = s;
            return this;
        }

        /** Weight decay on every parameter. */
        public Builder weightDecay(double rate) {
            return weightDecay(rate, ALL_PARAMETERS);
        }

        /** Weight decay on the parameters whose names {@code onParameters} accepts. */
        public Builder weightDecay(double rate, Predicate<String> onParameters) {
            weightDecay = rate;
            decayed = onParameters;
            return this;
        }

        public Builder gradClip(double maxNorm) {
            gradClip = maxNorm;
            return this;
        }

        public Builder keepBest(boolean on) {
            keepBest = on;
            return this;
        }

        public Builder tieBreak(boolean on) {
            tieBreak = on;
            return this;
        }

        public Builder budgetSeconds(double seconds) {
            budgetSeconds = seconds;
            return this;
        }

        public TrainingSettings build() {
            return new TrainingSettings(epochs, patience, schedule, weightDecay, decayed, gradClip, keepBest,
                    tieBreak, budgetSeconds);
        }
    }
}
