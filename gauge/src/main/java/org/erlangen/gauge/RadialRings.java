package org.erlangen.gauge;

/**
 * The radial part of a GEM kernel: {@code count} rings at radii spaced evenly from {@code inner} to {@code outer}
 * (in the graph's length unit, see {@link GaugeGraph#radius()}), with linear interpolation between the two rings
 * around an edge's length (hat functions). An edge shorter than {@code inner} belongs wholly to the first ring, one
 * longer than {@code outer} wholly to the last; so the weights of every edge sum to 1. One ring gives every edge
 * weight 1: a kernel that depends on direction only.
 */
public record RadialRings(int count, double inner, double outer) {
    public RadialRings {
        if (count < 1) {
            throw new IllegalArgumentException("a kernel needs at least one radial ring, got " + count);
        }
        if (!(inner >= 0) || !(outer >= inner) || !Double.isFinite(outer) || (count > 1 && outer == inner)) {
            throw new IllegalArgumentException("ring radii must satisfy 0 <= inner < outer (finite), got inner="
                    + inner + " outer=" + outer + " for " + count + " rings");
        }
    }

    /** A single ring: directional kernels only. */
    public static RadialRings single() {
        return new RadialRings(1, 0, 0);
    }

    /** Two rings at half and one and a half mean edge lengths: a mesh's one-ring spans both. */
    public static RadialRings defaults() {
        return new RadialRings(2, 0.5, 1.5);
    }

    /** Writes the {@code count} weights of an edge of length {@code r} into {@code out} at {@code offset}. */
    void weights(double r, double[] out, int offset) {
        if (count == 1) {
            out[offset] = 1;
            return;
        }
        double t = (Math.min(Math.max(r, inner), outer) - inner) / (outer - inner) * (count - 1);
        int k = Math.min((int) Math.floor(t), count - 2);
        double frac = t - k;
        for (int i = 0; i < count; i++) {
            out[offset + i] = 0;
        }
        out[offset + k] = 1 - frac;
        out[offset + k + 1] = frac;
    }
}
