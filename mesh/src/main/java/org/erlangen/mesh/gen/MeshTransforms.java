package org.erlangen.mesh.gen;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.erlangen.mesh.MeshMeasures;
import org.erlangen.mesh.NormalWeighting;
import org.erlangen.mesh.TriangleMesh;

/** Seeded random and plain transforms of meshes, for augmentation and for testing invariance. */
public final class MeshTransforms {
    private MeshTransforms() {
    }

    /**
     * A rotation matrix (row-major 3 x 3) drawn uniformly from SO(3): a uniform unit quaternion (Shoemake's
     * method) turned into a matrix.
     */
    public static double[] randomRotation(Random random) {
        double u1 = random.nextDouble();
        double u2 = 2 * Math.PI * random.nextDouble();
        double u3 = 2 * Math.PI * random.nextDouble();
        double a = Math.sqrt(1 - u1);
        double b = Math.sqrt(u1);
        return quaternionToMatrix(a * Math.sin(u2), a * Math.cos(u2), b * Math.sin(u3), b * Math.cos(u3));
    }

    /** The rotation of the unit quaternion w + xi + yj + zk, row-major 3 x 3. */
    public static double[] quaternionToMatrix(double w, double x, double y, double z) {
        return new double[] {
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)
        };
    }

    /** Every vertex multiplied by the row-major 3 x 3 matrix m (about the origin). */
    public static TriangleMesh transform(TriangleMesh mesh, double[] m) {
        if (m.length != 9) {
            throw new IllegalArgumentException("a 3 x 3 matrix has 9 entries, got " + m.length);
        }
        double[] p = mesh.positions();
        for (int v = 0; v < p.length / 3; v++) {
            double x = p[3 * v];
            double y = p[3 * v + 1];
            double z = p[3 * v + 2];
            p[3 * v] = m[0] * x + m[1] * y + m[2] * z;
            p[3 * v + 1] = m[3] * x + m[4] * y + m[5] * z;
            p[3 * v + 2] = m[6] * x + m[7] * y + m[8] * z;
        }
        return mesh.withPositions(p);
    }

    /** The mesh turned by a uniformly random rotation about the origin. */
    public static TriangleMesh randomRotation(TriangleMesh mesh, long seed) {
        return transform(mesh, randomRotation(new Random(seed)));
    }

    /**
     * The mesh stretched along three random perpendicular axes by factors drawn uniformly from
     * [1 - amount, 1 + amount] (MeshCNN's anisotropic scaling, in a random frame): a change of shape that a
     * classifier should not mind, for augmenting training meshes.
     */
    public static TriangleMesh randomStretch(TriangleMesh mesh, double amount, long seed) {
        if (!(amount >= 0 && amount < 1)) {
            throw new IllegalArgumentException("stretch must be in [0, 1), got " + amount);
        }
        Random random = new Random(seed);
        double[] r = randomRotation(random);
        double[] s = new double[3];
        for (int k = 0; k < 3; k++) {
            s[k] = 1 + amount * (2 * random.nextDouble() - 1);
        }
        // R^T diag(s) R: stretch by s[k] along the k-th row of R
        double[] m = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    m[3 * i + j] += r[3 * k + i] * s[k] * r[3 * k + j];
                }
            }
        }
        return transform(mesh, m);
    }

    /** The mesh scaled about the origin. */
    public static TriangleMesh scale(TriangleMesh mesh, double factor) {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("scale factor must be positive and finite, got " + factor);
        }
        return transform(mesh, new double[] {factor, 0, 0, 0, factor, 0, 0, 0, factor});
    }

    /** The mesh scaled about the origin by a factor drawn log-uniformly from [min, max]. */
    public static TriangleMesh randomScale(TriangleMesh mesh, double min, double max, long seed) {
        if (!(min > 0) || !(max >= min)) {
            throw new IllegalArgumentException("need 0 < min <= max, got [" + min + ", " + max + "]");
        }
        double u = new Random(seed).nextDouble();
        return scale(mesh, Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))));
    }

    /** The mesh moved by (dx, dy, dz). */
    public static TriangleMesh translate(TriangleMesh mesh, double dx, double dy, double dz) {
        double[] p = mesh.positions();
        for (int v = 0; v < p.length / 3; v++) {
            p[3 * v] += dx;
            p[3 * v + 1] += dy;
            p[3 * v + 2] += dz;
        }
        return mesh.withPositions(p);
    }

    /** Each vertex moved along its (area-weighted) normal by a Gaussian amount with standard deviation sigma. */
    public static TriangleMesh normalNoise(TriangleMesh mesh, double sigma, long seed) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("sigma must be >= 0, got " + sigma);
        }
        double[] normals = MeshMeasures.vertexNormals(mesh, NormalWeighting.AREA);
        double[] p = mesh.positions();
        Random random = new Random(seed);
        for (int v = 0; v < p.length / 3; v++) {
            double d = sigma * random.nextGaussian();
            for (int k = 0; k < 3; k++) {
                p[3 * v + k] += d * normals[3 * v + k];
            }
        }
        return mesh.withPositions(p);
    }

    /**
     * Random remeshing by edge flips: up to {@code flips} interior edges, picked at random, are replaced by the
     * other diagonal of their two faces. A flip is made only if it keeps the mesh manifold (the new edge does not
     * exist yet, so no vertex drops below three neighbours), keeps the orientation, and does not fold the surface
     * (both new faces agree in direction with the two old ones and are not degenerate), and only across edges
     * whose faces meet at a dihedral angle (between normals) of at most 20 degrees, so that sharp features such as
     * a cube's edges stay. Needs a consistently oriented manifold mesh; vertex positions are unchanged.
     *
     * @return the remeshed mesh (fewer flips than asked if too few edges qualify)
     */
    public static TriangleMesh randomEdgeFlips(TriangleMesh mesh, int flips, long seed) {
        return randomEdgeFlips(mesh, flips, Math.toRadians(20), seed);
    }

    /**
     * As {@link #randomEdgeFlips(TriangleMesh, int, long)}, flipping only edges whose two face normals differ by at
     * most {@code maxDihedral} radians.
     */
    public static TriangleMesh randomEdgeFlips(TriangleMesh mesh, int flips, double maxDihedral, long seed) {
        int[] f = mesh.faces();
        double[] p = mesh.positions();
        int nh = f.length;
        Map<Long, Integer> directed = new HashMap<>(2 * nh);
        for (int h = 0; h < nh; h++) {
            Integer old = directed.put(key(f[h], f[nextOf(h)]), h);
            if (old != null) {
                throw new IllegalArgumentException("faces " + old / 3 + " and " + h / 3 + " both run edge " + f[h]
                        + "->" + f[nextOf(h)] + "; edge flips need a consistently oriented manifold mesh");
            }
        }
        Random random = new Random(seed);
        int done = 0;
        for (int attempt = 0; attempt < 20L * flips && done < flips && nh > 0; attempt++) {
            int h = random.nextInt(nh);
            int a = f[h];
            int b = f[nextOf(h)];
            int c = f[nextOf(nextOf(h))];
            Integer t = directed.get(key(b, a));
            if (t == null) {
                continue;
            }
            int d = f[nextOf(nextOf(t))];
            if (c == d || directed.containsKey(key(c, d)) || directed.containsKey(key(d, c))) {
                continue;
            }
            if (!unfolded(p, a, b, c, d, maxDihedral)) {
                continue;
            }
            int fa = h / 3;
            int fb = t / 3;
            for (int k = 0; k < 3; k++) {
                directed.remove(key(f[3 * fa + k], f[3 * fa + (k + 1) % 3]));
                directed.remove(key(f[3 * fb + k], f[3 * fb + (k + 1) % 3]));
            }
            // The quad a, d, b, c (counter-clockwise) cut along c-d instead of a-b.
            f[3 * fa] = a;
            f[3 * fa + 1] = d;
            f[3 * fa + 2] = c;
            f[3 * fb] = d;
            f[3 * fb + 1] = b;
            f[3 * fb + 2] = c;
            for (int k = 0; k < 3; k++) {
                directed.put(key(f[3 * fa + k], f[3 * fa + (k + 1) % 3]), 3 * fa + k);
                directed.put(key(f[3 * fb + k], f[3 * fb + (k + 1) % 3]), 3 * fb + k);
            }
            done++;
        }
        return TriangleMesh.of(p, f);
    }

    /**
     * Whether the old faces (a, b, c) and (b, a, d) are nearly coplanar, and the new faces (a, d, c) and (d, b, c)
     * point the same way as the old ones together and are not slivers.
     */
    private static boolean unfolded(double[] p, int a, int b, int c, int d, double maxDihedral) {
        double[] old1 = cross(p, a, b, c);
        double[] old2 = cross(p, b, a, d);
        double cos = dot(old1, old2) / Math.sqrt(norm2(old1) * norm2(old2));
        if (!(cos >= Math.cos(maxDihedral))) {
            return false;
        }
        double[] sum = {old1[0] + old2[0], old1[1] + old2[1], old1[2] + old2[2]};
        double[] new1 = cross(p, a, d, c);
        double[] new2 = cross(p, d, b, c);
        double scale = Math.max(norm2(old1), norm2(old2));
        return dot(new1, sum) > 0 && dot(new2, sum) > 0 && norm2(new1) > 1e-6 * scale && norm2(new2) > 1e-6 * scale;
    }

    private static double[] cross(double[] p, int a, int b, int c) {
        double ux = p[3 * b] - p[3 * a];
        double uy = p[3 * b + 1] - p[3 * a + 1];
        double uz = p[3 * b + 2] - p[3 * a + 2];
        double vx = p[3 * c] - p[3 * a];
        double vy = p[3 * c + 1] - p[3 * a + 1];
        double vz = p[3 * c + 2] - p[3 * a + 2];
        return new double[] {uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx};
    }

    private static double dot(double[] u, double[] v) {
        return u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
    }

    private static double norm2(double[] u) {
        return dot(u, u);
    }

    private static int nextOf(int h) {
        return h % 3 == 2 ? h - 2 : h + 1;
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }
}
