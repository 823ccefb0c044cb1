package org.erlangen.mesh;

/** Small 3-vector helpers over flat arrays (x y z per row). */
final class Vec3 {
    private Vec3() {
    }

    static double dot(double[] a, int i, double[] b, int j) {
        return a[3 * i] * b[3 * j] + a[3 * i + 1] * b[3 * j + 1] + a[3 * i + 2] * b[3 * j + 2];
    }

    static double norm(double x, double y, double z) {
        return Math.sqrt(x * x + y * y + z * z);
    }

    /** (b - a) x (c - a) for vertices a, b, c of {@code p}, written to {@code out[0..2]}. */
    static void faceCross(double[] p, int a, int b, int c, double[] out) {
        double ux = p[3 * b] - p[3 * a];
        double uy = p[3 * b + 1] - p[3 * a + 1];
        double uz = p[3 * b + 2] - p[3 * a + 2];
        double vx = p[3 * c] - p[3 * a];
        double vy = p[3 * c + 1] - p[3 * a + 1];
        double vz = p[3 * c + 2] - p[3 * a + 2];
        out[0] = uy * vz - uz * vy;
        out[1] = uz * vx - ux * vz;
        out[2] = ux * vy - uy * vx;
    }

    /** Squared distance between rows i and j of {@code p}. */
    static double distanceSquared(double[] p, int i, int j) {
        double dx = p[3 * i] - p[3 * j];
        double dy = p[3 * i + 1] - p[3 * j + 1];
        double dz = p[3 * i + 2] - p[3 * j + 2];
        return dx * dx + dy * dy + dz * dz;
    }

    /** The interior angle at corner a of triangle (a, b, c), robust for small angles (atan2 of |u x v| and u.v). */
    static double angle(double[] p, int a, int b, int c) {
        double ux = p[3 * b] - p[3 * a];
        double uy = p[3 * b + 1] - p[3 * a + 1];
        double uz = p[3 * b + 2] - p[3 * a + 2];
        double vx = p[3 * c] - p[3 * a];
        double vy = p[3 * c + 1] - p[3 * a + 1];
        double vz = p[3 * c + 2] - p[3 * a + 2];
        double cx = uy * vz - uz * vy;
        double cy = uz * vx - ux * vz;
        double cz = ux * vy - uy * vx;
        return Math.atan2(norm(cx, cy, cz), ux * vx + uy * vy + uz * vz);
    }
}
