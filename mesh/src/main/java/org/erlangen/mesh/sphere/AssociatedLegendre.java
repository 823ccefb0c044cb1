package org.erlangen.mesh.sphere;

/**
 * Associated Legendre functions normalised on [-1, 1]: Pbar_l^m(cos theta) with
 * {@code integral_{-1}^{1} Pbar_l^m(x)^2 dx = 1}, for 0 <= m <= l < L, without the Condon-Shortley phase
 * (Pbar_m^m >= 0 for sin theta >= 0).
 *
 * <p>Computed by the three-term recurrence on the normalised functions, seeded from the sectoral ones:
 * Pbar_0^0 = 1/sqrt(2), Pbar_m^m = sqrt((2m+1)/(2m)) sin(theta) Pbar_{m-1}^{m-1},
 * Pbar_{m+1}^m = sqrt(2m+3) cos(theta) Pbar_m^m, and
 * Pbar_l^m = a_lm (cos(theta) Pbar_{l-1}^m - Pbar_{l-2}^m / a_{l-1,m}) with a_lm = sqrt((4l^2-1)/(l^2-m^2)).
 * No factorials appear, so nothing overflows; the sectoral seed sin(theta)^m only underflows (to values below
 * any useful precision) for degrees in the hundreds close to the poles.
 */
public final class AssociatedLegendre {
    private AssociatedLegendre() {
    }

    /** Number of (l, m) pairs with 0 <= m <= l < degreeBound. */
    public static int size(int degreeBound) {
        return degreeBound * (degreeBound + 1) / 2;
    }

    /** Triangular layout: Pbar_l^m at index l (l + 1) / 2 + m. */
    public static int index(int l, int m) {
        return l * (l + 1) / 2 + m;
    }

    /**
     * Pbar_l^m(cos theta) for all 0 <= m <= l < degreeBound, in the triangular layout of {@link #index}. Both
     * cos and sin of theta are taken so that sin stays accurate near the poles.
     */
    public static double[] normalized(int degreeBound, double cosTheta, double sinTheta) {
        if (degreeBound < 1) {
            throw new IllegalArgumentException("degreeBound must be at least 1, got " + degreeBound);
        }
        if (sinTheta < 0) {
            throw new IllegalArgumentException("sin(theta) must be non-negative for theta in [0, pi], got " + sinTheta);
        }
        var p = new double[size(degreeBound)];
        double sectoral = Math.sqrt(0.5);
        for (int m = 0; m < degreeBound; m++) {
            if (m > 0) {
                sectoral *= Math.sqrt((2.0 * m + 1) / (2.0 * m)) * sinTheta;
            }
            p[index(m, m)] = sectoral;
            if (m + 1 == degreeBound) {
                break;
            }
            double older = sectoral;
            double old = Math.sqrt(2.0 * m + 3) * cosTheta * sectoral;
            p[index(m + 1, m)] = old;
            for (int l = m + 2; l < degreeBound; l++) {
                double a = Math.sqrt((4.0 * l * l - 1) / ((double) l * l - (double) m * m));
                double inverseAPrevious =
                        Math.sqrt(((l - 1.0) * (l - 1.0) - (double) m * m) / (4.0 * (l - 1.0) * (l - 1.0) - 1));
                double next = a * (cosTheta * old - inverseAPrevious * older);
                p[index(l, m)] = next;
                older = old;
                old = next;
            }
        }
        return p;
    }
}
