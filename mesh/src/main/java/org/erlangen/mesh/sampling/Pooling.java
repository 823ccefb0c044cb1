package org.erlangen.mesh.sampling;


/**
 * Index arrays for pooling between a fine and a coarse level of points (flat n x 3 each): nearest-coarse
 * assignment and radius graphs. Edges run from fine (sender) to coarse (receiver), sorted by receiver, then sender,
 * the order graph-core uses.
 */
public final class Pooling {
    private Pooling() {
    }

    /**
     * Pooling edges.
     *
     * @param senders fine point of each edge
     * @param receivers coarse point of each edge (non-decreasing)
     * @param distance Euclidean length of each edge
     */
    public record Edges(int[] senders, int[] receivers, double[] distance) {
        public int count() {
            return senders.length;
        }
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

    /** An edge from every fine point within {@code radius} (inclusive) of each coarse point. */
    public static Edges radius(double[] fine, double[] coarse, double radius) {
        check(fine, "fine");
        check(coarse, "coarse");
        if (!(radius >= 0) || !Double.isFinite(radius)) {
            throw new IllegalArgumentException("radius must be finite and >= 0, got " + radius);
        }
        int m = coarse.length / 3;
        PointGrid grid = new PointGrid(fine, radius);
        int[][] lists = new int[m][];
        int total = 0;
        for (int c = 0; c < m; c++) {
            lists[c] = grid.within(coarse[3 * c], coarse[3 * c + 1], coarse[3 * c + 2], radius);
            total += lists[c].length;
        }
        int[] senders = new int[total];
        int[] receivers = new int[total];
        double[] distance = new double[total];
        int e = 0;
        for (int c = 0; c < m; c++) {
            for (int f : lists[c]) {
                senders[e] = f;
                receivers[e] = c;
                double dx = fine[3 * f] - coarse[3 * c];
                double dy = fine[3 * f + 1] - coarse[3 * c + 1];
                double dz = fine[3 * f + 2] - coarse[3 * c + 2];
                distance[e++] = Math.sqrt(dx * dx + dy * dy + dz * dz);
            }
        }
        return new Edges(senders, receivers, distance);
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
