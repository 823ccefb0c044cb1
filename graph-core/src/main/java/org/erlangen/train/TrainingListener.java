package org.erlangen.train;

import java.util.Map;

/**
 * Told after every epoch (and, if it likes, every step) what the {@link Trainer} measured: a progress bar, a log, the
 * plugin's epoch metrics.
 */
@FunctionalInterface
public interface TrainingListener {
    /**
     * What one epoch measured.
     *
     * @param epoch counts from 1
     * @param loss the mean training loss over the epoch's batches (weighted by {@link Objective#weight})
     * @param metrics the validation metrics (empty without validation)
     * @param learningRate the rate at the epoch's first step
     * @param seconds the epoch's wall time, validation included (its steps and its validation, when validated
     *     ahead from the next step's forward)
     * @param best whether this epoch is the best so far by the monitored metric
     */
    record Epoch(int epoch, double loss, Map<String, Double> metrics, double learningRate, double seconds,
            boolean best) {
        /** A metric's value, NaN when the epoch did not report it. */
        public double metric(String name) {
            return metrics.getOrDefault(name, Double.NaN);
        }
    }

    void epoch(Epoch record);

    /**
     * Told after every optimizer step: {@code batch} of {@code batches} in {@code epoch}, with its loss. Nothing by
     * default; a progress bar over the batches of a mini-batch epoch listens here.
     */
    default void batch(int epoch, int batch, int batches, double loss) {
    }
}
