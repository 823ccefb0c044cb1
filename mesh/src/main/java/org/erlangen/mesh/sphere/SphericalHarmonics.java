package org.erlangen.mesh.sphere;

/**
 * Real orthonormal spherical harmonics Y_lm of degree 0 <= l < L, order -l <= m <= l.
 *
 * <p>Y_lm(theta, phi) = Pbar_l^|m|(cos theta) Phi_m(phi), where Pbar is {@link AssociatedLegendre} (normalised on
 * [-1, 1], no Condon-Shortley phase) and Phi_0 = 1/sqrt(2 pi), Phi_m = cos(m phi)/sqrt(pi) for m > 0,
 * Phi_m = sin(|m| phi)/sqrt(pi) for m < 0 (the sqrt(2) of the real basis is folded into 1/sqrt(pi)). Then the
 * integral of Y_lm Y_l'm' over the unit sphere is the Kronecker delta, Y_00 = 1/(2 sqrt(pi)), and degree 1 is
 * sqrt(3/(4 pi)) times (y, z, x) for m = -1, 0, 1: no sign flips, so D^1 is the rotation matrix with its axes
 * reordered to (y, z, x).
 *
 * <p>Coefficient layout: Y_lm at index {@code l * l + l + m}, so degree l occupies the block [l^2, (l+1)^2).
 */
public final class SphericalHarmonics {
    private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private final int degreeBound;

    /** Harmonics of degree below {@code degreeBound} (the bandwidth B of a grid). */
    public SphericalHarmonics(int degreeBound) {
        if (degreeBound < 1) {
            throw new IllegalArgumentException("degreeBound must be at least 1, got " + degreeBound);
        }
        this.degreeBound = degreeBound;
    }

    public int degreeBound() {
        return degreeBound;
    }

    /** Number of harmonics, L^2. */
    public int size() {
        return degreeBound * degreeBound;
    }

    public static int index(int l, int m) {
        if (l < 0 || m < -l || m > l) {
            throw new IllegalArgumentException("need 0 <= l and -l <= m <= l, got l = " + l + ", m = " + m);
        }
        return l * l + l + m;
    }

    /** The longitude factor Phi_m(phi) of the real basis (see the class comment). */
    public static double azimuthal(int m, double phi) {
        if (m == 0) {
            return INV_SQRT_2PI;
        }
        return m > 0 ? Math.cos(m * phi) * INV_SQRT_PI : Math.sin(-m * phi) * INV_SQRT_PI;
    }

    /** All Y_lm at colatitude theta in [0, pi] and longitude phi, in the layout of {@link #index}. */
    public double[] evaluate(double theta, double phi) {
        if (!(theta >= 0 && theta <= Math.PI)) {
            throw new IllegalArgumentException("colatitude must lie in [0, pi], got " + theta);
        }
        return fromColatitude(Math.cos(theta), Math.sin(theta), phi);
    }

    /** All Y_lm at the direction of (x, y, z), which need not be unit length but must be non-zero. */
    public double[] evaluate(double x, double y, double z) {
        double rho = Math.hypot(x, y);
        double r = Math.hypot(rho, z);
        if (!(r > 0)) {
            throw new IllegalArgumentException("direction must be non-zero and finite, got (" + x + ", " + y + ", " + z + ")");
        }
        return fromColatitude(z / r, rho / r, Math.atan2(y, x));
    }

    private double[] fromColatitude(double cosTheta, double sinTheta, double phi) {
        var p = AssociatedLegendre.normalized(degreeBound, cosTheta, sinTheta);
        var y = new double[size()];
        for (int l = 0; l < degreeBound; l++) {
            for (int m = -l; m <= l; m++) {
                y[l * l + l + m] = p[AssociatedLegendre.index(l, Math.abs(m))] * azimuthal(m, phi);
            }
        }
        return y;
    }
}
