package org.erlangen.mesh;

/**
 * The cotangent Laplacian: L_ij = (cot alpha_ij + cot beta_ij) / 2 for an edge ij, where alpha and beta are the
 * angles opposite the edge in its two faces (one term on the boundary), and L_ii = -sum_j L_ij. So (L f)_i =
 * sum_j L_ij (f_j - f_i): L is symmetric, negative semi-definite, and L f / A_i approximates the Laplace-Beltrami
 * operator with A_i the vertex area. Weights depend only on angles, not on scale.
 */
public final class CotanLaplacian {
    private CotanLaplacian() {
    }

    public static SparseMatrix of(TriangleMesh mesh) {
        double[] p = mesh.positionArray();
        int[] f = mesh.faceArray();
        int n = mesh.vertexCount();
        int nf = mesh.faceCount();
        int[] r = new int[12 * nf];
        int[] c = new int[12 * nf];
        double[] v = new double[12 * nf];
        int t = 0;
        for (int i = 0; i < nf; i++) {
            for (int k = 0; k < 3; k++) {
                int o = f[3 * i + k];
                int a = f[3 * i + (k + 1) % 3];
                int b = f[3 * i + (k + 2) % 3];
                double w = 0.5 * cot(p, o, a, b);
                // Off-diagonal weights and their negatives on the diagonal.
                r[t] = a;
                c[t] = b;
                v[t++] = w;
                r[t] = b;
                c[t] = a;
                v[t++] = w;
                r[t] = a;
                c[t] = a;
                v[t++] = -w;
                r[t] = b;
                c[t] = b;
                v[t++] = -w;
            }
        }
        return SparseMatrix.fromTriplets(n, n, r, c, v);
    }

    /** Cotangent of the angle at o in triangle (o, a, b): (u . v) / |u x v|. */
    static double cot(double[] p, int o, int a, int b) {
        double ux = p[3 * a] - p[3 * o];
        double uy = p[3 * a + 1] - p[3 * o + 1];
        double uz = p[3 * a + 2] - p[3 * o + 2];
        double vx = p[3 * b] - p[3 * o];
        double vy = p[3 * b + 1] - p[3 * o + 1];
        double vz = p[3 * b + 2] - p[3 * o + 2];
        double cross = Vec3.norm(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx);
        if (cross == 0) {
            throw new IllegalArgumentException("face with corner " + o + " has zero area; the cotangent weight is "
                    + "undefined (drop degenerate faces with MeshRepair)");
        }
        return (ux * vx + uy * vy + uz * vz) / cross;
    }
}
