package org.erlangen.gauge;

/**
 * One rotation angle per row, tabulated as {@code cos(n a)} and {@code sin(n a)} for orders n = 1..maxOrder, so the
 * rotation kernels do no trigonometry. Immutable; the tables are computed once (per graph, they are cached there).
 */
public final class RowAngles {
    private final int rows;
    private final int maxOrder;
    /** Row r, order n at {@code r * maxOrder + n - 1}. */
    private final double[] cos;
    private final double[] sin;

    private RowAngles(int rows, int maxOrder, double[] cos, double[] sin) {
        this.rows = rows;
        this.maxOrder = maxOrder;
        this.cos = cos;
        this.sin = sin;
    }

    /** Tables for {@code angles} up to order {@code maxOrder} (0 is allowed: nothing turns). */
    public static RowAngles of(double[] angles, int maxOrder) {
        if (maxOrder < 0) {
            throw new IllegalArgumentException("max order must be >= 0, got " + maxOrder);
        }
        int m = maxOrder;
        double[] c = new double[angles.length * m];
        double[] s = new double[angles.length * m];
        for (int r = 0; r < angles.length; r++) {
            double a = angles[r];
            if (!Double.isFinite(a)) {
                throw new IllegalArgumentException("angle of row " + r + " is " + a);
            }
            for (int n = 1; n <= m; n++) {
                c[r * m + n - 1] = Math.cos(n * a);
                s[r * m + n - 1] = Math.sin(n * a);
            }
        }
        return new RowAngles(angles.length, m, c, s);
    }

    public int rows() {
        return rows;
    }

    public int maxOrder() {
        return maxOrder;
    }

    double[] cosTable() {
        return cos;
    }

    double[] sinTable() {
        return sin;
    }
}
