package org.erlangen.mesh.sphere;

/**
 * The Driscoll-Healy equiangular grid of bandwidth B: 2B rings of colatitude theta_j = pi (2j + 1) / (4B) and 2B
 * longitudes phi_k = 2 pi k / (2B), j, k = 0 .. 2B - 1, with the Driscoll-Healy quadrature weights.
 *
 * <p>Normalisation: {@link #weight(int)} is the full area weight of each point of ring j,
 * {@code (2/B) sin(theta_j) sum_{k<B} sin((2k+1) theta_j) / (2k+1)} (which integrates over theta against
 * sin(theta) d theta, summing to 2) times the longitude spacing pi / B. So {@code sum_{j,k} weight(j) f(j, k)}
 * is the surface integral of f over the unit sphere (4 pi for f = 1). The rule is exact for band-limited f of
 * degree below 2B, hence for every product of two harmonics of degree below B.
 *
 * <p>Grid values are flat, ring-major: point (j, k) at index {@code j * 2B + k}.
 */
public final class DriscollHealyGrid {
    private final int bandwidth;
    private final double[] theta;
    private final double[] weight;

    public DriscollHealyGrid(int bandwidth) {
        if (bandwidth < 1) {
            throw new IllegalArgumentException("bandwidth must be at least 1, got " + bandwidth);
        }
        this.bandwidth = bandwidth;
        int n = 2 * bandwidth;
        theta = new double[n];
        weight = new double[n];
        double longitudeSpacing = Math.PI / bandwidth;
        for (int j = 0; j < n; j++) {
            theta[j] = Math.PI * (2 * j + 1) / (4.0 * bandwidth);
            double sum = 0;
            for (int k = 0; k < bandwidth; k++) {
                sum += Math.sin((2 * k + 1) * theta[j]) / (2 * k + 1);
            }
            weight[j] = (2.0 / bandwidth) * Math.sin(theta[j]) * sum * longitudeSpacing;
        }
    }

    public int bandwidth() {
        return bandwidth;
    }

    /** Number of rings, which is also the number of longitudes per ring: 2B. */
    public int side() {
        return 2 * bandwidth;
    }

    /** Number of grid points, (2B)^2. */
    public int size() {
        return side() * side();
    }

    public int index(int j, int k) {
        return j * side() + k;
    }

    public double theta(int j) {
        return theta[j];
    }

    public double phi(int k) {
        return Math.PI * k / bandwidth;
    }

    /** The area weight of every point on ring j (see the class comment). */
    public double weight(int j) {
        return weight[j];
    }

    /** The unit vector of point (j, k). */
    public double[] point(int j, int k) {
        double s = Math.sin(theta[j]);
        return new double[] {s * Math.cos(phi(k)), s * Math.sin(phi(k)), Math.cos(theta[j])};
    }

    /** The quadrature of flat grid values: the surface integral for band-limited f of degree below 2B. */
    public double integrate(double[] values) {
        if (values.length != size()) {
            throw new IllegalArgumentException("expected " + size() + " grid values, got " + values.length);
        }
        double total = 0;
        for (int j = 0; j < side(); j++) {
            double ring = 0;
            for (int k = 0; k < side(); k++) {
                ring += values[index(j, k)];
            }
            total += weight[j] * ring;
        }
        return total;
    }
}
