package org.erlangen.mesh.sampling;


/**
 * Index arrays for pooling between a fine and a coarse level of points (flat n x 3 each): the nearest coarse point
 * of every fine point, whose cells {@code MeshHierarchy} pools over with parallel transport.
 */
public final class Pooling {
    private Pooling() {
    }

    /** For every fine point, the index of its nearest coarse point (ties to the lowest index). */
    public static int[] nearest(double[] fine, double[] coarse) {
        check(fine, "fine");
        check(coarse, "coarse");
        if (coarse.length == 0) {
            throw new IllegalArgumentException("no coarse points to assign to");
        }
        PointGrid grid = new PointGrid(coarse, cellSize(coarse));
        int[] out = new int[fine.length / 3];
        for (int i = 0; i < out.length; i++) {
            out[i] = grid.nearest(fine[3 * i], fine[3 * i + 1], fine[3 * i + 2]);
        }
        return out;
    }

    /** Rows {@code indices} of flat n x 3 points. */
    public static double[] select(double[] points, int[] indices) {
        double[] out = new double[3 * indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(points, 3 * indices[i], out, 3 * i, 3);
        }
        return out;
    }

    private static double cellSize(double[] points) {
        int n = points.length / 3;
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < points.length; i++) {
            lo[i % 3] = Math.min(lo[i % 3], points[i]);
            hi[i % 3] = Math.max(hi[i % 3], points[i]);
        }
        double extent = Math.max(hi[0] - lo[0], Math.max(hi[1] - lo[1], hi[2] - lo[2]));
        // About one point per cell on a surface: cells ~ extent / sqrt(n).
        return extent / Math.max(1, Math.sqrt(n));
    }

    private static void check(double[] points, String what) {
        if (points.length % 3 != 0) {
            throw new IllegalArgumentException(what + " points hold " + points.length
                    + " numbers, not a multiple of 3");
        }
        for (double x : points) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException(what + " points hold a non-finite coordinate " + x);
            }
        }
    }
}
