package org.erlangen.train;

/**
 * The learning rate as a function of a counter {@code t = 0, 1, ...} that counts epochs or optimizer steps, whichever
 * the caller advances it by (see {@link LrScheduler}). The rates are pure functions of {@code t}.
 */
@FunctionalInterface
public interface LrSchedule {
    double rate(long t);

    static LrSchedule constant(double lr) {
        check(lr, "learning rate");
        return t -> lr;
    }

    /** {@code lr * gamma^floor(t / stepSize)}, PyTorch's {@code StepLR}. */
    static LrSchedule stepDecay(double lr, long stepSize, double gamma) {
        check(lr, "learning rate");
        check(gamma, "decay factor");
        if (stepSize < 1) {
            throw new IllegalArgumentException("step decay needs a step size of at least 1, got " + stepSize);
        }
        return t -> lr * Math.pow(gamma, Math.floorDiv(t, stepSize));
    }

    /**
     * {@code minLr + (lr - minLr)(1 + cos(pi t / total)) / 2} for {@code t <= total}, then {@code minLr}: PyTorch's
     * {@code CosineAnnealingLR} with {@code T_max = total} (which would rise again after T_max; this one stays down).
     */
    static LrSchedule cosine(double lr, long total, double minLr) {
        check(lr, "learning rate");
        check(minLr, "minimum learning rate");
        checkTotal(total, 0);
        return t -> minLr + (lr - minLr) * cosineFactor(Math.min(t, total), total);
    }

    /**
     * Linear warm-up from 0 to {@code lr} over {@code warmup} counts ({@code lr * t / warmup}), then cosine decay to
     * 0 at {@code total}: Hugging Face's {@code get_cosine_schedule_with_warmup}.
     */
    static LrSchedule warmupCosine(double lr, long warmup, long total) {
        check(lr, "learning rate");
        checkTotal(total, warmup);
        return t -> t < warmup ? lr * t / warmup
                : lr * cosineFactor(Math.min(t, total) - warmup, total - warmup);
    }

    /**
     * Linear warm-up from 0 to {@code lr} over {@code warmup} counts, then linear decay to 0 at {@code total}: Hugging
     * Face's {@code get_linear_schedule_with_warmup}.
     */
    static LrSchedule warmupLinear(double lr, long warmup, long total) {
        check(lr, "learning rate");
        checkTotal(total, warmup);
        return t -> t < warmup ? lr * t / warmup
                : lr * Math.max(0.0, (double) (total - t) / (total - warmup));
    }

    private static double cosineFactor(long t, long total) {
        return 0.5 * (1 + Math.cos(Math.PI * t / total));
    }

    private static void check(double v, String what) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and non-negative, got " + v);
        }
    }

    private static void checkTotal(long total, long warmup) {
        if (warmup < 0 || total <= warmup) {
            throw new IllegalArgumentException("schedule needs 0 <= warmup < total, got warmup " + warmup
                    + ", total " + total);
        }
    }
}
