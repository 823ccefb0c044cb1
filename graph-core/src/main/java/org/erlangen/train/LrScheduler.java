package org.erlangen.train;

/**
 * Drives an optimizer's learning rate through a schedule. On creation the rate for {@code t = 0} is set; each
 * {@link #step()} advances {@code t} and sets the next rate, like PyTorch's {@code scheduler.step()}. Call it once per
 * epoch ({@link Trainer} does) or once per optimizer step.
 */
public final class LrScheduler {
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private long t;

    public LrScheduler(Optimizer optimizer, LrSchedule schedule) {
        this.optimizer = optimizer;
        this.schedule = schedule;
        optimizer.setLearningRate(schedule.rate(0));
    }

    public void step() {
        t++;
        optimizer.setLearningRate(schedule.rate(t));
    }

    /** How many times {@link #step()} has been called. */
    public long count() {
        return t;
    }
}
