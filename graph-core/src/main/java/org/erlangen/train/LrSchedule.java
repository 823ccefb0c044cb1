package org.erlangen.train;

/**
 * The learning rate as a function of where the run stands ({@link RunPosition}). The {@link Trainer} asks for it
 * before every optimizer step, so schedules per epoch and per step are the same kind of thing: a step decay reads
 * the epoch, a cosine the steps. Rates are pure functions of the position.
 */
@FunctionalInterface
public interface LrSchedule {
    double rate(RunPosition at);

    static LrSchedule constant(double lr) {
        check(lr, "learning rate");
        return at -> lr;
    }

    /** {@code lr * factor^floor(epoch / everyEpochs)} (epochs from 0): PyTorch's {@code StepLR} stepped per epoch. */
    static LrSchedule stepDecay(double lr, int everyEpochs, double factor) {
        check(lr, "learning rate");
        if (everyEpochs < 1 || !(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("step decay needs a step of at least 1 epoch and a factor in (0, 1],"
                    + " got " + everyEpochs + " and " + factor);
        }
        return at -> lr * Math.pow(factor, Math.floorDiv(at.epochIndex(), everyEpochs));
    }

    /**
     * {@code minLr + (lr - minLr)(1 + cos(pi t / T)) / 2} over the run's {@code T} steps, then {@code minLr}:
     * PyTorch's {@code CosineAnnealingLR} with {@code T_max} the whole run, stepped per optimizer step.
     */
    static LrSchedule cosine(double lr, double minLr) {
        check(lr, "learning rate");
        check(minLr, "minimum learning rate");
        return at -> minLr + (lr - minLr)
                * (0.5 * (1 + Math.cos(Math.PI * Math.min(at.step(), at.totalSteps()) / at.totalSteps())));
    }

    /**
     * Linear warm-up from 0 to {@code lr} over the first {@code warmupFraction} of the run, then cosine decay to 0 at
     * its end (Hugging Face's {@code get_cosine_schedule_with_warmup}, with the warm-up as a share of the run).
     */
    static LrSchedule warmupCosine(double lr, double warmupFraction) {
        check(lr, "learning rate");
        if (!(warmupFraction >= 0 && warmupFraction < 1)) {
            throw new IllegalArgumentException("warm-up fraction must be in [0, 1), got " + warmupFraction);
        }
        return at -> {
            double progress = at.fraction();
            if (progress >= 1) {
                return 0;
            }
            if (progress < warmupFraction) {
                return lr * progress / warmupFraction;
            }
            return lr * 0.5 * (1 + Math.cos(Math.PI * (progress - warmupFraction) / (1 - warmupFraction)));
        };
    }

    private static void check(double v, String what) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and non-negative, got " + v);
        }
    }
}
