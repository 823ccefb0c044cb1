package org.erlangen.mesh.sphere;

/**
 * A rotation of R^3 as its 3x3 orthogonal matrix (determinant +1), row-major entries m_ij; it acts on column
 * vectors, v -> R v. {@link #compose} is the matrix product, so {@code a.compose(b)} applies b first, then a.
 */
public record Rotation3(
        double m00, double m01, double m02,
        double m10, double m11, double m12,
        double m20, double m21, double m22) {

    /** Tolerance of the orthogonality check; loose enough for long chains of compositions. */
    private static final double TOLERANCE = 1e-9;

    public Rotation3 {
        double[][] r = {{m00, m01, m02}, {m10, m11, m12}, {m20, m21, m22}};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double dot = r[i][0] * r[j][0] + r[i][1] * r[j][1] + r[i][2] * r[j][2];
                if (!(Math.abs(dot - (i == j ? 1 : 0)) <= TOLERANCE)) {
                    throw new IllegalArgumentException("not orthogonal: rows " + i + " and " + j + " have dot product " + dot);
                }
            }
        }
        double det = m00 * (m11 * m22 - m12 * m21) - m01 * (m10 * m22 - m12 * m20) + m02 * (m10 * m21 - m11 * m20);
        if (!(det > 0)) {
            throw new IllegalArgumentException("not a rotation: determinant " + det);
        }
    }

    public static Rotation3 identity() {
        return new Rotation3(1, 0, 0, 0, 1, 0, 0, 0, 1);
    }

    /** Rotation by {@code angle} about the z axis (counter-clockwise seen from +z). */
    public static Rotation3 aboutZ(double angle) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        return new Rotation3(c, -s, 0, s, c, 0, 0, 0, 1);
    }

    /** Rotation by {@code angle} about the y axis (counter-clockwise seen from +y). */
    public static Rotation3 aboutY(double angle) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        return new Rotation3(c, 0, s, 0, 1, 0, -s, 0, c);
    }

    /** Z-Y-Z Euler angles: R = Rz(alpha) Ry(beta) Rz(gamma), angles about the fixed axes, gamma applied first. */
    public static Rotation3 zyz(double alpha, double beta, double gamma) {
        return aboutZ(alpha).compose(aboutY(beta)).compose(aboutZ(gamma));
    }

    /** Rotation by {@code angle} (right-handed) about the axis (x, y, z), which need not be unit length (Rodrigues). */
    public static Rotation3 axisAngle(double x, double y, double z, double angle) {
        double n = Math.sqrt(x * x + y * y + z * z);
        if (!(n > 0) || Double.isInfinite(n)) {
            throw new IllegalArgumentException("axis must be non-zero and finite, got (" + x + ", " + y + ", " + z + ")");
        }
        x /= n;
        y /= n;
        z /= n;
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double t = 1 - c;
        return new Rotation3(
                c + t * x * x, t * x * y - s * z, t * x * z + s * y,
                t * x * y + s * z, c + t * y * y, t * y * z - s * x,
                t * x * z - s * y, t * y * z + s * x, c + t * z * z);
    }

    /** Entry (i, j) of the matrix, i the row. */
    public double entry(int i, int j) {
        return switch (3 * i + j) {
            case 0 -> m00;
            case 1 -> m01;
            case 2 -> m02;
            case 3 -> m10;
            case 4 -> m11;
            case 5 -> m12;
            case 6 -> m20;
            case 7 -> m21;
            case 8 -> m22;
            default -> throw new IndexOutOfBoundsException("entry (" + i + ", " + j + ") of a 3x3 matrix");
        };
    }

    /** The product this * other: other acts first. */
    public Rotation3 compose(Rotation3 other) {
        var p = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                p[3 * i + j] = entry(i, 0) * other.entry(0, j) + entry(i, 1) * other.entry(1, j) + entry(i, 2) * other.entry(2, j);
            }
        }
        return new Rotation3(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
    }

    /** The inverse, which is the transpose. */
    public Rotation3 inverse() {
        return new Rotation3(m00, m10, m20, m01, m11, m21, m02, m12, m22);
    }

    /** R v for a 3-vector v. */
    public double[] apply(double[] v) {
        if (v.length != 3) {
            throw new IllegalArgumentException("expected a 3-vector, got length " + v.length);
        }
        return new double[] {
            m00 * v[0] + m01 * v[1] + m02 * v[2],
            m10 * v[0] + m11 * v[1] + m12 * v[2],
            m20 * v[0] + m21 * v[1] + m22 * v[2]};
    }
}
