package org.erlangen.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.erlangen.nn.Module;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs training epochs with early stopping. The caller supplies one epoch of training (forward, backward, optimizer
 * steps over the whole graph or over mini-batches) and an evaluation returning named metrics; the trainer watches
 * one metric, keeps a copy of the model's state from its best epoch, stops after {@code patience} epochs without
 * improvement, and restores the best state at the end.
 */
public final class Trainer {
    /** One epoch of training; returns its loss (for example the mean over mini-batches). */
    @FunctionalInterface
    public interface EpochStep {
        double train(int epoch);
    }

    /** Evaluation after an epoch: metric values by name, for example {@code val_acc}. */
    @FunctionalInterface
    public interface Evaluation {
        Map<String, Double> evaluate(int epoch);
    }

    /** What one epoch measured. */
    public record EpochRecord(int epoch, double loss, Map<String, Double> metrics) {
    }

    /**
     * The outcome of {@link #fit}: the epoch whose state was restored ({@code -1} when no epoch had a comparable
     * monitored value), that epoch's monitored value, whether training stopped before {@code maxEpochs}, and every
     * epoch's record.
     */
    public record Result(int bestEpoch, double bestValue, boolean stoppedEarly, List<EpochRecord> history) {
        public int epochsRun() {
            return history.size();
        }
    }

    /** The monitored name meaning the training loss (lower is better), when the evaluation does not define it. */
    public static final String LOSS = "loss";

    private final int maxEpochs;
    private final int patience;
    private final String monitor;
    private final boolean higherIsBetter;
    private final Module module;
    private final LrScheduler scheduler;
    private final ProgressListener listener;

    private Trainer(Builder b) {
        this.maxEpochs = b.maxEpochs;
        this.patience = b.patience;
        this.monitor = b.monitor;
        this.higherIsBetter = b.higherIsBetter;
        this.module = b.module;
        this.scheduler = b.scheduler;
        this.listener = b.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Trains without an evaluation, monitoring the training loss when a module or patience is set. */
    public Result fit(EpochStep step) {
        return fit(step, epoch -> Map.of());
    }

    public Result fit(EpochStep step, Evaluation evaluation) {
        List<EpochRecord> history = new ArrayList<>();
        Map<String, INDArray> bestState = null;
        int bestEpoch = -1;
        double best = Double.NaN;
        int sinceBest = 0;
        boolean stoppedEarly = false;
        for (int epoch = 0; epoch < maxEpochs; epoch++) {
            if (module != null) {
                module.train(true);
            }
            double loss = step.train(epoch);
            if (module != null) {
                module.eval();
            }
            Map<String, Double> metrics = Collections.unmodifiableMap(new LinkedHashMap<>(evaluation.evaluate(epoch)));
            history.add(new EpochRecord(epoch, loss, metrics));
            if (listener != null) {
                listener.onEpoch(epoch, loss, metrics);
            }
            if (scheduler != null) {
                scheduler.step();
            }
            double value = monitoredValue(loss, metrics);
            if (improves(value, best)) {
                best = value;
                bestEpoch = epoch;
                sinceBest = 0;
                if (module != null) {
                    bestState = module.stateCopy();
                }
            } else {
                sinceBest++;
                if (patience > 0 && sinceBest >= patience) {
                    stoppedEarly = epoch + 1 < maxEpochs;
                    break;
                }
            }
        }
        if (bestState != null) {
            module.loadStateDict(bestState);
        }
        return new Result(bestEpoch, best, stoppedEarly, Collections.unmodifiableList(history));
    }

    private double monitoredValue(double loss, Map<String, Double> metrics) {
        Double v = metrics.get(monitor);
        if (v != null) {
            return v;
        }
        if (LOSS.equals(monitor)) {
            return loss;
        }
        throw new IllegalStateException("the evaluation returned no metric '" + monitor + "'; it returned "
                + metrics.keySet());
    }

    /** NaN never improves; the first comparable value always does. */
    private boolean improves(double value, double best) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return higherIsBetter ? value > best : value < best;
    }


    /**
     * Options for a {@link Trainer}. Defaults: 100 epochs, no early stopping (patience 0), monitor the training loss
     * (lower is better), no module (nothing restored), no scheduler, no listener.
     */
    public static final class Builder {
        private int maxEpochs = 100;
        private int patience;
        private String monitor = LOSS;
        private boolean higherIsBetter;
        private Module module;
        private LrScheduler scheduler;
        private ProgressListener listener;

        private Builder() {
        }

        public Builder maxEpochs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxEpochs must be at least 1, got " + n);
            }
            this.maxEpochs = n;
            return this;
        }

        /** Stop after this many epochs without improvement; 0 never stops early. */
        public Builder patience(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("patience must not be negative, got " + n);
            }
            this.patience = n;
            return this;
        }

        /** The metric that decides the best epoch, and which direction is better. */
        public Builder monitor(String metric, boolean higherIsBetter) {
            this.monitor = metric;
            this.higherIsBetter = higherIsBetter;
            return this;
        }

        /**
         * The model being trained: switched to training mode before each epoch and to evaluation mode before the
         * evaluation, and set back to its best epoch's parameters and buffers at the end.
         */
        public Builder module(Module m) {
            this.module = m;
            return this;
        }

        /** Stepped once after every epoch. */
        public Builder scheduler(LrScheduler s) {
            this.scheduler = s;
            return this;
        }

        public Builder listener(ProgressListener l) {
            this.listener = l;
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
