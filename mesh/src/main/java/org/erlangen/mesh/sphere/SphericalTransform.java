package org.erlangen.mesh.sphere;

import java.util.Arrays;

/**
 * The spherical harmonic transform on a {@link DriscollHealyGrid} of bandwidth B: grid values to the coefficients
 * f_lm of the real orthonormal {@link SphericalHarmonics} of degree below B, and back.
 *
 * <p>Forward: f_lm = sum_{j,k} w_j f(theta_j, phi_k) Y_lm(theta_j, phi_k), exact for band-limited f (degree
 * below B) because the quadrature is exact for products of two such harmonics. Inverse: f(theta_j, phi_k) =
 * sum_lm f_lm Y_lm(theta_j, phi_k). Both separate the longitude sum per ring (Y_lm = Pbar_l^|m| Phi_m), which
 * makes them O(B^3) with the Legendre values of every ring computed once.
 *
 * <p>Layouts: grid values ring-major ({@link DriscollHealyGrid#index}), coefficients at {@code l * l + l + m}.
 */
public final class SphericalTransform {
    private final DriscollHealyGrid grid;
    private final int bandwidth;
    /** legendre[j]: Pbar_l^m(cos theta_j), triangular layout. */
    private final double[][] legendre;
    /** azimuthal[k][B - 1 + m]: Phi_m(phi_k) for -B < m < B. */
    private final double[][] azimuthal;

    public SphericalTransform(DriscollHealyGrid grid) {
        this.grid = grid;
        this.bandwidth = grid.bandwidth();
        int n = grid.side();
        legendre = new double[n][];
        for (int j = 0; j < n; j++) {
            legendre[j] = AssociatedLegendre.normalized(bandwidth, Math.cos(grid.theta(j)), Math.sin(grid.theta(j)));
        }
        azimuthal = new double[n][2 * bandwidth - 1];
        for (int k = 0; k < n; k++) {
            for (int m = -(bandwidth - 1); m < bandwidth; m++) {
                azimuthal[k][bandwidth - 1 + m] = SphericalHarmonics.azimuthal(m, grid.phi(k));
            }
        }
    }

    public DriscollHealyGrid grid() {
        return grid;
    }

    /** Number of coefficients, B^2. */
    public int coefficientCount() {
        return bandwidth * bandwidth;
    }

    /** Grid values (ring-major) to coefficients f_lm (index l * l + l + m). */
    public double[] forward(double[] values) {
        if (values.length != grid.size()) {
            throw new IllegalArgumentException("expected " + grid.size() + " grid values, got " + values.length);
        }
        int n = grid.side();
        var coefficients = new double[coefficientCount()];
        var ring = new double[2 * bandwidth - 1];
        for (int j = 0; j < n; j++) {
            // ring[B - 1 + m] = w_j sum_k f(j, k) Phi_m(phi_k)
            Arrays.fill(ring, 0);
            for (int k = 0; k < n; k++) {
                double f = values[grid.index(j, k)];
                var phi = azimuthal[k];
                for (int t = 0; t < ring.length; t++) {
                    ring[t] += f * phi[t];
                }
            }
            double w = grid.weight(j);
            var p = legendre[j];
            for (int l = 0; l < bandwidth; l++) {
                for (int m = -l; m <= l; m++) {
                    coefficients[l * l + l + m] += w * p[AssociatedLegendre.index(l, Math.abs(m))] * ring[bandwidth - 1 + m];
                }
            }
        }
        return coefficients;
    }

    /** Coefficients f_lm (index l * l + l + m) to grid values (ring-major). */
    public double[] inverse(double[] coefficients) {
        if (coefficients.length != coefficientCount()) {
            throw new IllegalArgumentException(
                    "expected " + coefficientCount() + " coefficients (bandwidth " + bandwidth + "), got " + coefficients.length);
        }
        int n = grid.side();
        var values = new double[grid.size()];
        var ring = new double[2 * bandwidth - 1];
        for (int j = 0; j < n; j++) {
            // ring[B - 1 + m] = sum_l f_lm Pbar_l^|m|(cos theta_j)
            Arrays.fill(ring, 0);
            var p = legendre[j];
            for (int l = 0; l < bandwidth; l++) {
                for (int m = -l; m <= l; m++) {
                    ring[bandwidth - 1 + m] += coefficients[l * l + l + m] * p[AssociatedLegendre.index(l, Math.abs(m))];
                }
            }
            for (int k = 0; k < n; k++) {
                var phi = azimuthal[k];
                double f = 0;
                for (int t = 0; t < ring.length; t++) {
                    f += ring[t] * phi[t];
                }
                values[grid.index(j, k)] = f;
            }
        }
        return values;
    }
}
