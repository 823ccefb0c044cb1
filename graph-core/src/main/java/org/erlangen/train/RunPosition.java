package org.erlangen.train;

/**
 * Where a training run stands when its learning rate is asked for, before an optimizer step: {@code step} optimizer
 * steps taken (from 0; fractional when a time budget runs ahead of the steps, see
 * {@link TrainingSettings#budgetSeconds()}), out of {@code totalSteps}, with {@code stepsPerEpoch} in each epoch.
 */
public record RunPosition(double step, int stepsPerEpoch, long totalSteps) {
    public RunPosition {
        if (!(step >= 0) || stepsPerEpoch < 1 || totalSteps < 1) {
            throw new IllegalArgumentException("a run position needs step >= 0 and at least one step per epoch and "
                    + "in all, got " + step + ", " + stepsPerEpoch + ", " + totalSteps);
        }
    }

    /** The epoch the step falls in, counting from 0. */
    public long epochIndex() {
        return (long) Math.floor(step / stepsPerEpoch);
    }

    /** The share of the run done: 0 at the start, 1 at the end. */
    public double fraction() {
        return step / totalSteps;
    }
}
