package org.erlangen.testing;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * How close {@code f(g.x)} and {@code g.f(x)} must be, entry by entry. The rule of the checks is absolute or relative
 * (that of ND4J's {@code equalsWithEps}): {@code |actual - expected| <= bound * max(1, |expected|, |actual|)}. An exact
 * layer uses {@link #exact}; a layer that is equivariant only approximately states its own bound at the call site,
 * and a test that has always held a layer to a sharper absolute bound keeps it with {@link #absolute}.
 */
public record Tolerance(double bound, boolean isAbsolute) {
    /** Exact layers in float64: what is left is rounding in a different order. */
    public static final Tolerance FLOAT64 = new Tolerance(1e-10);
    /** Exact layers in float32. */
    public static final Tolerance FLOAT32 = new Tolerance(1e-5);

    public Tolerance {
        if (!(bound >= 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("a tolerance must be finite and not negative, got " + bound);
        }
    }

    /** Absolute, or relative above magnitude 1. */
    public Tolerance(double bound) {
        this(bound, false);
    }

    /** {@code |actual - expected| <= bound}, whatever the magnitude. */
    public static Tolerance absolute(double bound) {
        return new Tolerance(bound, true);
    }

    /** The bound for an exactly equivariant layer computing in {@code dtype}. */
    public static Tolerance exact(DataType dtype) {
        return switch (dtype) {
            case DOUBLE -> FLOAT64;
            case FLOAT -> FLOAT32;
            default -> throw new IllegalArgumentException("symmetry checks run in FLOAT or DOUBLE, not " + dtype);
        };
    }

    /** The difference of two entries in the units of this rule: at most {@link #bound} passes; NaN is infinite. */
    double error(double expected, double actual) {
        double scale = isAbsolute ? 1 : Math.max(1, Math.max(Math.abs(expected), Math.abs(actual)));
        double error = Math.abs(actual - expected) / scale;
        return Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
    }

    @Override
    public String toString() {
        return bound + (isAbsolute ? " (absolute)" : " (absolute, or relative above magnitude 1)");
    }
}
