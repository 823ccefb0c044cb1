package org.erlangen.mesh.sphere;

/**
 * Real Wigner-D matrices: for a rotation R and each degree l, the (2l+1)x(2l+1) matrix D^l(R) that acts on the
 * real coefficients of degree l (order m = -l .. l, rows and columns in that order) so that rotating a function,
 * (R f)(x) = f(R^{-1} x), multiplies its coefficients degree by degree: (R f)_l = D^l(R) f_l.
 *
 * <p>Construction: D^l_{m m'}(R) = integral over the sphere of Y_lm(x) Y_lm'(R^{-1} x), the coefficient of Y_lm
 * in the rotated harmonic Y_lm'(R^{-1} .). The integrand has degree 2l, so the {@link DriscollHealyGrid} of
 * bandwidth L (exact below degree 2L) computes it exactly for every l < L. This costs O(L^5) per rotation, no
 * linear solve, and gives D^l(R1 R2) = D^l(R1) D^l(R2) and orthogonal D^l to rounding. With the harmonics of
 * {@link SphericalHarmonics}, D^1(R) is R with its axes reordered to (y, z, x).
 */
public final class WignerD {
    private final int degreeBound;
    private final SphericalHarmonics harmonics;
    /** Grid points x_i, area weights w_i, and Y(x_i) (all degrees), for the quadrature. */
    private final double[][] points;
    private final double[] weights;
    private final double[][] harmonicsAtPoints;

    /** Matrices for every degree below {@code degreeBound}. */
    public WignerD(int degreeBound) {
        if (degreeBound < 1) {
            throw new IllegalArgumentException("degreeBound must be at least 1, got " + degreeBound);
        }
        this.degreeBound = degreeBound;
        harmonics = new SphericalHarmonics(degreeBound);
        var grid = new DriscollHealyGrid(degreeBound);
        points = new double[grid.size()][];
        weights = new double[grid.size()];
        harmonicsAtPoints = new double[grid.size()][];
        for (int j = 0; j < grid.side(); j++) {
            for (int k = 0; k < grid.side(); k++) {
                int i = grid.index(j, k);
                points[i] = grid.point(j, k);
                weights[i] = grid.weight(j);
                harmonicsAtPoints[i] = harmonics.evaluate(grid.theta(j), grid.phi(k));
            }
        }
    }

    public int degreeBound() {
        return degreeBound;
    }

    /** D^l(R) for every l below the degree bound; entry [l][l + m][l + m']. */
    public double[][][] matrices(Rotation3 rotation) {
        var d = new double[degreeBound][][];
        for (int l = 0; l < degreeBound; l++) {
            d[l] = new double[2 * l + 1][2 * l + 1];
        }
        var inverse = rotation.inverse();
        for (int i = 0; i < points.length; i++) {
            var q = inverse.apply(points[i]);
            var rotated = harmonics.evaluate(q[0], q[1], q[2]);
            var y = harmonicsAtPoints[i];
            double w = weights[i];
            for (int l = 0; l < degreeBound; l++) {
                int base = l * l;
                var dl = d[l];
                for (int a = 0; a <= 2 * l; a++) {
                    double wy = w * y[base + a];
                    var row = dl[a];
                    for (int b = 0; b <= 2 * l; b++) {
                        row[b] += wy * rotated[base + b];
                    }
                }
            }
        }
        return d;
    }

    /** D^l(R) for one degree l below the degree bound (computes all degrees; use {@link #matrices} for several). */
    public double[][] matrix(int l, Rotation3 rotation) {
        if (l < 0 || l >= degreeBound) {
            throw new IllegalArgumentException("degree must lie in [0, " + degreeBound + "), got " + l);
        }
        return matrices(rotation)[l];
    }

    /**
     * The coefficients of R f from those of f (layout l * l + l + m, degrees below the degree bound; the length
     * must be a square L'^2 with L' <= degreeBound).
     */
    public double[] rotate(double[] coefficients, Rotation3 rotation) {
        int bound = (int) Math.round(Math.sqrt(coefficients.length));
        if (bound * bound != coefficients.length || bound > degreeBound) {
            throw new IllegalArgumentException("expected L^2 coefficients with L <= " + degreeBound + ", got " + coefficients.length);
        }
        var d = matrices(rotation);
        var out = new double[coefficients.length];
        for (int l = 0; l < bound; l++) {
            int base = l * l;
            for (int a = 0; a <= 2 * l; a++) {
                double s = 0;
                for (int b = 0; b <= 2 * l; b++) {
                    s += d[l][a][b] * coefficients[base + b];
                }
                out[base + a] = s;
            }
        }
        return out;
    }
}
