package org.erlangen.train;

import java.util.function.LongSupplier;

/**
 * Linear warm-up then cosine decay to 0 over a run's progress, where progress is the larger of the share of optimizer
 * steps taken and the share of a wall-clock budget spent. Without a budget it is an ordinary per-step warm-up cosine
 * schedule; with one, a run that would overrun its time decays its rate sooner and ends when the time is up, so a
 * time-limited run still finishes at a small learning rate instead of being cut off at a large one.
 */
public final class BudgetedSchedule {
    private final double learningRate;
    private final double warmupFraction;
    private final long totalSteps;
    private final long budgetNanos;
    private final LongSupplier clock;
    private final long startNanos;

    /**
     * @param totalSteps optimizer steps of the whole run when the time budget does not end it first
     * @param warmupFraction share of the progress spent warming up from 0, in [0, 1)
     * @param budgetSeconds wall-clock seconds from now, or 0 for none
     */
    public BudgetedSchedule(double learningRate, double warmupFraction, long totalSteps, double budgetSeconds) {
        this(learningRate, warmupFraction, totalSteps, budgetSeconds, System::nanoTime);
    }

    /** As above with a clock in nanoseconds, for tests. */
    public BudgetedSchedule(double learningRate, double warmupFraction, long totalSteps, double budgetSeconds,
            LongSupplier clock) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        if (!(warmupFraction >= 0 && warmupFraction < 1)) {
            throw new IllegalArgumentException("warm-up fraction must be in [0, 1), got " + warmupFraction);
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("need at least 1 step, got " + totalSteps);
        }
        if (!(budgetSeconds >= 0) || Double.isInfinite(budgetSeconds)) {
            throw new IllegalArgumentException("time budget must be finite and non-negative seconds, got "
                    + budgetSeconds);
        }
        this.learningRate = learningRate;
        this.warmupFraction = warmupFraction;
        this.totalSteps = totalSteps;
        this.budgetNanos = (long) (budgetSeconds * 1e9);
        this.clock = clock;
        this.startNanos = clock.getAsLong();
    }

    /** Progress before optimizer step {@code step} (0-based): 0 at the start, 1 or more when the run is over. */
    public double progress(long step) {
        double bySteps = (double) step / totalSteps;
        if (budgetNanos == 0) {
            return bySteps;
        }
        return Math.max(bySteps, (double) (clock.getAsLong() - startNanos) / budgetNanos);
    }

    /** The learning rate at a progress. */
    public double rate(double progress) {
        if (progress >= 1) {
            return 0;
        }
        if (progress < warmupFraction) {
            return learningRate * progress / warmupFraction;
        }
        return learningRate * 0.5 * (1 + Math.cos(Math.PI * (progress - warmupFraction) / (1 - warmupFraction)));
    }

    /** Whether the run is over at a progress: every step taken or the time spent. */
    public static boolean finished(double progress) {
        return progress >= 1;
    }

    public boolean hasBudget() {
        return budgetNanos > 0;
    }
}
