package org.erlangen.train;

import java.util.Map;

/** Told after every epoch what the {@link Trainer} measured, for progress display or logging. */
@FunctionalInterface
public interface ProgressListener {
    /** {@code epoch} counts from 0; {@code metrics} are the evaluation's values (empty without an evaluation). */
    void onEpoch(int epoch, double loss, Map<String, Double> metrics);
}
