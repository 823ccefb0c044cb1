package org.erlangen.gnn.geometric;

import java.util.Arrays;

/**
 * Maps molecular energies to the scale a model is trained on and back:
 * {@code E = scale * y + offset + sum_t n_t ref_t}, where {@code n_t} counts the atoms of type {@code t}. Extensive
 * energies (atomisation energies grow with the number of atoms) are mostly explained by per-type reference energies;
 * the model then learns the small, unit-variance remainder {@code y}.
 *
 * @param references reference energy per atom type (all zero for {@link #meanStd})
 * @param offset constant shift (0 for {@link #referenceEnergies}, the mean for {@link #meanStd})
 * @param scale divisor of the remainder, positive
 */
public record EnergyNormalizer(double[] references, double offset, double scale) {
    public EnergyNormalizer {
        references = references.clone();
        if (!(scale > 0) || Double.isInfinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("normaliser needs a positive finite scale and a finite offset, got "
                    + scale + ", " + offset);
        }
    }

    /**
     * Reference energies by least squares, {@code min sum_m (E_m - sum_t n_mt ref_t)^2}, and the standard deviation of
     * what they leave as the scale. Types that no molecule contains get reference 0. The normal equations are solved
     * with a relative ridge of 1e-10 so that compositions that pin down only combinations of references (every
     * molecule with the same ratio of two types) still give finite values.
     *
     * @param typeCounts {@code [molecules][types]} atom counts
     */
    public static EnergyNormalizer referenceEnergies(int[][] typeCounts, double[] energies) {
        checkSizes(typeCounts, energies);
        int types = typeCounts[0].length;
        double[][] a = new double[types][types];
        double[] b = new double[types];
        for (int m = 0; m < energies.length; m++) {
            int[] n = typeCounts[m];
            if (n.length != types) {
                throw new IllegalArgumentException("molecule " + m + " has counts for " + n.length + " types, molecule"
                        + " 0 for " + types);
            }
            for (int s = 0; s < types; s++) {
                b[s] += n[s] * energies[m];
                for (int t = 0; t < types; t++) {
                    a[s][t] += (double) n[s] * n[t];
                }
            }
        }
        double trace = 0;
        for (int t = 0; t < types; t++) {
            trace += a[t][t];
        }
        for (int t = 0; t < types; t++) {
            // absent types: a zero row and column; the unit diagonal gives them reference 0
            a[t][t] += a[t][t] == 0 ? 1.0 : 1e-10 * trace / types;
        }
        double[] references = Cholesky.solve(a, b);
        double[] residuals = new double[energies.length];
        for (int m = 0; m < energies.length; m++) {
            residuals[m] = energies[m] - dot(typeCounts[m], references);
        }
        return new EnergyNormalizer(references, 0.0, standardDeviation(residuals, 0.0));
    }

    /** Offset the mean and scale the standard deviation of the energies; no per-type references. */
    public static EnergyNormalizer meanStd(double[] energies, int types) {
        if (energies.length < 2) {
            throw new IllegalArgumentException("need at least 2 energies to estimate a spread, got "
                    + energies.length);
        }
        double mean = Arrays.stream(energies).average().orElseThrow();
        return new EnergyNormalizer(new double[types], mean, standardDeviation(energies, mean));
    }

    /** The training target for a molecule of energy {@code energy} with atom counts {@code counts}. */
    public double normalise(double energy, int[] counts) {
        return (energy - baseline(counts)) / scale;
    }

    /** The energy for a model output {@code value}. */
    public double denormalise(double value, int[] counts) {
        return scale * value + baseline(counts);
    }

    /** {@code offset + sum_t n_t ref_t}: the energy a model output of 0 stands for. */
    public double baseline(int[] counts) {
        if (counts.length != references.length) {
            throw new IllegalArgumentException("counts for " + counts.length + " atom types, the normaliser has "
                    + references.length);
        }
        return offset + dot(counts, references);
    }

    @Override
    public double[] references() {
        return references.clone();
    }

    private static double dot(int[] n, double[] r) {
        double s = 0;
        for (int t = 0; t < n.length; t++) {
            s += n[t] * r[t];
        }
        return s;
    }

    private static double standardDeviation(double[] values, double centre) {
        double sum = 0;
        for (double v : values) {
            sum += (v - centre) * (v - centre);
        }
        double std = Math.sqrt(sum / values.length);
        // a perfect fit would leave nothing to scale; 1 keeps targets as they are
        return std > 0 ? std : 1.0;
    }

    private static void checkSizes(int[][] typeCounts, double[] energies) {
        if (typeCounts.length != energies.length || energies.length == 0) {
            throw new IllegalArgumentException("need one count vector per energy and at least one molecule, got "
                    + typeCounts.length + " and " + energies.length);
        }
        for (int m = 0; m < energies.length; m++) {
            if (!Double.isFinite(energies[m])) {
                throw new IllegalArgumentException("energy " + m + " is not finite: " + energies[m]);
            }
        }
    }

    /** Solves a small symmetric positive definite system. */
    private static final class Cholesky {
        private Cholesky() {
        }

        static double[] solve(double[][] a, double[] b) {
            int n = b.length;
            double[][] l = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = a[i][j];
                    for (int k = 0; k < j; k++) {
                        s -= l[i][k] * l[j][k];
                    }
                    if (i == j) {
                        if (!(s > 0)) {
                            throw new IllegalArgumentException("reference energy system is not positive definite");
                        }
                        l[i][i] = Math.sqrt(s);
                    } else {
                        l[i][j] = s / l[j][j];
                    }
                }
            }
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double s = b[i];
                for (int k = 0; k < i; k++) {
                    s -= l[i][k] * y[k];
                }
                y[i] = s / l[i][i];
            }
            double[] x = new double[n];
            for (int i = n - 1; i >= 0; i--) {
                double s = y[i];
                for (int k = i + 1; k < n; k++) {
                    s -= l[k][i] * x[k];
                }
                x[i] = s / l[i][i];
            }
            return x;
        }
    }
}
