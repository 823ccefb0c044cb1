package org.erlangen.mesh;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The heat kernel signature (Sun, Ovsjanikov and Guibas 2009): for each vertex x and diffusion time t, the heat
 * that stays at x after time t, {@code k_t(x, x) = sum_i exp(-lambda_i t) phi_i(x)^2}, over the eigenpairs of the
 * Laplace-Beltrami operator ({@code -L phi = lambda M phi} with the cotangent Laplacian L and the lumped mass
 * matrix M of barycentric vertex areas, phi M-orthonormal).
 *
 * <p>It depends only on the metric of the surface: the same under rotation, translation and reflection, and nearly the
 * same under bending without stretching, which is what separates the non-rigid poses of one shape from another
 * shape. It is made scale-free here by measuring times in units of the total area A and heat in units of 1 / A, as
 * if the mesh had unit area. Small times see the local curvature (k_t ~ 1 / (4 pi t) + K / (12 pi) + ...), large times
 * see how a vertex sits in the whole shape (tip of a limb, middle of the body).
 *
 * <p>The eigenpairs come from a dense symmetric eigensolver (LAPACK through ND4J), whose cost grows as n^3, so meshes
 * are limited to {@link #MAX_VERTICES} vertices.
 */
public final class HeatKernelSignature {
    /** Vertices up to which the dense eigensolver is used (a 4,000-vertex mesh takes a few seconds). */
    public static final int MAX_VERTICES = 4000;

    private HeatKernelSignature() {
    }

    /**
     * {@code count} times spaced evenly in log from 10^-3 to 10^-0.5 of the total area: from about the spacing of
     * a few hundred vertices (the diffusion length sqrt(4 t) of 0.06 on a unit-area surface) to the size of the
     * whole shape (a unit-area sphere has diameter 0.56).
     */
    public static double[] defaultTimes(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one diffusion time, got " + count);
        }
        double[] t = new double[count];
        for (int i = 0; i < count; i++) {
            double f = count == 1 ? 0 : (double) i / (count - 1);
            t[i] = Math.pow(10, -3 + 2.5 * f);
        }
        return t;
    }

    /**
     * The signature at the given times (in units of the total area), flat n x times.length, in units of
     * 1 / total area.
     *
     * @throws IllegalArgumentException if the mesh has more than {@link #MAX_VERTICES} vertices, a vertex in no face
     *     or a face of zero area
     */
    public static double[] of(TriangleMesh mesh, double[] times) {
        int n = mesh.vertexCount();
        if (n > MAX_VERTICES) {
            throw new IllegalArgumentException("the heat kernel signature is computed densely for meshes of at most "
                    + MAX_VERTICES + " vertices; this one has " + n + " (simplify it first)");
        }
        double[] mass = MeshMeasures.vertexAreas(mesh);
        double total = 0;
        for (int v = 0; v < n; v++) {
            if (!(mass[v] > 0)) {
                throw new IllegalArgumentException("vertex " + v + " has no area (in no face, or only in degenerate "
                        + "faces); the heat kernel needs a positive mass at every vertex");
            }
            total += mass[v];
        }
        // -L phi = lambda M phi  <=>  S psi = lambda psi with S = M^-1/2 (-L) M^-1/2 symmetric and phi = M^-1/2 psi
        SparseMatrix laplacian = CotanLaplacian.of(mesh);
        double[] s = new double[n * n];
        int[] rowPointers = laplacian.rowPointers();
        for (int i = 0; i < n; i++) {
            for (int e = rowPointers[i]; e < rowPointers[i + 1]; e++) {
                int j = laplacian.columns()[e];
                s[i * n + j] -= laplacian.values()[e] / Math.sqrt(mass[i] * mass[j]);
            }
        }
        INDArray matrix = Nd4j.create(s, new long[] {n, n}, 'c');
        s = null; // n^2 doubles each: let go of what is no longer needed (several meshes are prepared at once)
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(matrix, true);
        // the eigenvectors overwrite the matrix, one per column
        double[] lambda = values.castTo(DataType.DOUBLE).data().asDouble();
        double[] psi = (matrix.ordering() == 'c' ? matrix : matrix.dup('c')).data().asDouble();
        matrix.close();
        double[] out = new double[n * times.length];
        double[] decay = new double[n];
        for (int k = 0; k < times.length; k++) {
            double t = times[k] * total;
            for (int i = 0; i < n; i++) {
                decay[i] = Math.exp(-Math.max(lambda[i], 0) * t);
            }
            for (int v = 0; v < n; v++) {
                double sum = 0;
                int row = v * n;
                for (int i = 0; i < n; i++) {
                    double p = psi[row + i];
                    sum += decay[i] * p * p;
                }
                out[v * times.length + k] = sum / mass[v] * total;
            }
        }
        return out;
    }
}
