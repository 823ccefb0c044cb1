package org.erlangen.mesh.sampling;

import java.util.Arrays;

/** A uniform grid over points (flat n x 3) for nearest-point queries. */
final class PointGrid {
    private final double[] points;
    private final double cell;
    private final double[] lo;
    private final int[] dims;
    private final int[] start;
    private final int[] items;

    PointGrid(double[] points, double cellSize) {
        this.points = points;
        int n = points.length / 3;
        lo = new double[] {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < points.length; i++) {
            lo[i % 3] = Math.min(lo[i % 3], points[i]);
            hi[i % 3] = Math.max(hi[i % 3], points[i]);
        }
        double extent = Math.max(hi[0] - lo[0], Math.max(hi[1] - lo[1], hi[2] - lo[2]));
        // At most about 2^21 cells whatever the asked size, so memory stays bounded.
        double c = cellSize > 0 ? cellSize : 1;
        c = Math.max(c, extent / 128);
        cell = c > 0 ? c : 1;
        dims = new int[3];
        for (int k = 0; k < 3; k++) {
            dims[k] = Math.max(1, (int) Math.floor((hi[k] - lo[k]) / cell) + 1);
        }
        int cells = dims[0] * dims[1] * dims[2];
        start = new int[cells + 1];
        int[] cellOf = new int[n];
        for (int i = 0; i < n; i++) {
            cellOf[i] = cellIndex(coord(points[3 * i], 0), coord(points[3 * i + 1], 1), coord(points[3 * i + 2], 2));
            start[cellOf[i] + 1]++;
        }
        for (int k = 0; k < cells; k++) {
            start[k + 1] += start[k];
        }
        int[] next = Arrays.copyOf(start, cells);
        items = new int[n];
        for (int i = 0; i < n; i++) {
            items[next[cellOf[i]]++] = i;
        }
    }

    private int coord(double x, int axis) {
        int c = (int) Math.floor((x - lo[axis]) / cell);
        return Math.max(0, Math.min(dims[axis] - 1, c));
    }

    private int cellIndex(int x, int y, int z) {
        return (x * dims[1] + y) * dims[2] + z;
    }

    /** Index of the nearest point to (x, y, z), ties to the lowest index. */
    int nearest(double x, double y, double z) {
        int cx = coord(x, 0);
        int cy = coord(y, 1);
        int cz = coord(z, 2);
        int best = -1;
        double bestD = Double.POSITIVE_INFINITY;
        int maxRing = Math.max(dims[0], Math.max(dims[1], dims[2]));
        for (int r = 0; r <= maxRing; r++) {
            for (int i = cx - r; i <= cx + r; i++) {
                for (int j = cy - r; j <= cy + r; j++) {
                    for (int k = cz - r; k <= cz + r; k++) {
                        boolean shell = Math.abs(i - cx) == r || Math.abs(j - cy) == r || Math.abs(k - cz) == r;
                        if (!shell || i < 0 || j < 0 || k < 0 || i >= dims[0] || j >= dims[1] || k >= dims[2]) {
                            continue;
                        }
                        int c = cellIndex(i, j, k);
                        for (int s = start[c]; s < start[c + 1]; s++) {
                            int p = items[s];
                            double d = dist2(p, x, y, z);
                            if (d < bestD || (d == bestD && p < best)) {
                                bestD = d;
                                best = p;
                            }
                        }
                    }
                }
            }
            // Every point in ring r + 1 or beyond is at least r cells away.
            if (best >= 0 && Math.sqrt(bestD) < r * cell) {
                break;
            }
        }
        return best;
    }

    private double dist2(int p, double x, double y, double z) {
        double dx = points[3 * p] - x;
        double dy = points[3 * p + 1] - y;
        double dz = points[3 * p + 2] - z;
        return dx * dx + dy * dy + dz * dz;
    }
}
