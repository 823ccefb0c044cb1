package org.erlangen.mesh;

/**
 * An orthonormal tangent frame per vertex, flat arrays (n x 3): the unit normal {@code n_p}, the x-axis
 * {@code e1_p} in the tangent plane and the y-axis {@code e2_p = n_p x e1_p}, so that (e1, e2, n) is right-handed
 * and angles in the tangent plane grow counter-clockwise about the normal.
 *
 * <p>The arrays are owned by the record; do not modify them.
 */
public record VertexFrames(double[] normals, double[] xAxes, double[] yAxes) {
    /** Below this squared length a projected direction cannot fix an axis, and the next candidate is tried. */
    private static final double TINY = 1e-24;

    public VertexFrames {
        if (normals.length % 3 != 0 || xAxes.length != normals.length || yAxes.length != normals.length) {
            throw new IllegalArgumentException("frame arrays have lengths " + normals.length + ", " + xAxes.length
                    + ", " + yAxes.length + "; expected three equal multiples of 3");
        }
    }

    /**
     * The GEM-CNN frames of a mesh: the vertex normal with the given weighting, and the x-axis pointing to the
     * first neighbour of the vertex's one-ring ({@link HalfEdgeMesh#oneRing(int)}), projected onto the tangent
     * plane. If that direction is (nearly) along the normal the next neighbour is used.
     *
     * @throws IllegalArgumentException if a vertex is in no face or its normal vanishes
     */
    public static VertexFrames of(HalfEdgeMesh mesh, NormalWeighting weighting) {
        double[] p = mesh.mesh().positionArray();
        double[] normals = MeshMeasures.vertexNormals(mesh.mesh(), weighting);
        int n = mesh.vertexCount();
        double[] x = new double[3 * n];
        double[] y = new double[3 * n];
        int[] rings = mesh.ringArray();
        int[] offsets = mesh.ringOffsetArray();
        for (int v = 0; v < n; v++) {
            if (offsets[v] == offsets[v + 1]) {
                throw new IllegalArgumentException("vertex " + v + " is in no face, so it has no tangent frame; "
                        + "drop unreferenced vertices first (MeshRepair)");
            }
            double nx = normals[3 * v];
            double ny = normals[3 * v + 1];
            double nz = normals[3 * v + 2];
            if (nx == 0 && ny == 0 && nz == 0) {
                throw new IllegalArgumentException("vertex " + v + " has no normal (its faces have zero area or "
                        + "cancel out)");
            }
            boolean set = false;
            for (int k = offsets[v]; k < offsets[v + 1] && !set; k++) {
                int q = rings[k];
                set = setAxes(normals, x, y, v, p[3 * q] - p[3 * v], p[3 * q + 1] - p[3 * v + 1],
                        p[3 * q + 2] - p[3 * v + 2]);
            }
            if (!set) {
                setAnyAxes(normals, x, y, v);
            }
        }
        return new VertexFrames(normals, x, y);
    }

    /**
     * Frames from unit normals and one direction per vertex (flat n x 3): the x-axis is the direction projected
     * onto the tangent plane and normalised; where that vanishes, any unit vector perpendicular to the normal.
     */
    public static VertexFrames fromDirections(double[] normals, double[] directions) {
        if (directions.length != normals.length) {
            throw new IllegalArgumentException(directions.length + " direction numbers for " + normals.length
                    + " normal numbers");
        }
        double[] x = new double[normals.length];
        double[] y = new double[normals.length];
        for (int v = 0; v < normals.length / 3; v++) {
            if (!setAxes(normals, x, y, v, directions[3 * v], directions[3 * v + 1], directions[3 * v + 2])) {
                setAnyAxes(normals, x, y, v);
            }
        }
        return new VertexFrames(normals.clone(), x, y);
    }

    private static boolean setAxes(double[] normals, double[] x, double[] y, int v, double dx, double dy,
            double dz) {
        double nx = normals[3 * v];
        double ny = normals[3 * v + 1];
        double nz = normals[3 * v + 2];
        double along = dx * nx + dy * ny + dz * nz;
        double tx = dx - along * nx;
        double ty = dy - along * ny;
        double tz = dz - along * nz;
        double len2 = tx * tx + ty * ty + tz * tz;
        if (len2 <= TINY * (dx * dx + dy * dy + dz * dz) || len2 == 0) {
            return false;
        }
        double len = Math.sqrt(len2);
        tx /= len;
        ty /= len;
        tz /= len;
        x[3 * v] = tx;
        x[3 * v + 1] = ty;
        x[3 * v + 2] = tz;
        y[3 * v] = ny * tz - nz * ty;
        y[3 * v + 1] = nz * tx - nx * tz;
        y[3 * v + 2] = nx * ty - ny * tx;
        return true;
    }

    private static void setAnyAxes(double[] normals, double[] x, double[] y, int v) {
        // The coordinate axis least aligned with the normal is never parallel to it.
        double ax = Math.abs(normals[3 * v]);
        double ay = Math.abs(normals[3 * v + 1]);
        double az = Math.abs(normals[3 * v + 2]);
        if (ax <= ay && ax <= az) {
            setAxes(normals, x, y, v, 1, 0, 0);
        } else if (ay <= az) {
            setAxes(normals, x, y, v, 0, 1, 0);
        } else {
            setAxes(normals, x, y, v, 0, 0, 1);
        }
    }

    public int count() {
        return normals.length / 3;
    }

    /** The angle of vector d in the tangent plane of p: atan2(d . e2_p, d . e1_p), in (-pi, pi]. */
    public double angle(int p, double dx, double dy, double dz) {
        return Math.atan2(dx * yAxes[3 * p] + dy * yAxes[3 * p + 1] + dz * yAxes[3 * p + 2],
                dx * xAxes[3 * p] + dy * xAxes[3 * p + 1] + dz * xAxes[3 * p + 2]);
    }

    /**
     * The connection angle g from frame q of {@code source} to frame p of {@code target}: rotate q's frame by the
     * minimal rotation taking n_q to n_p (Rodrigues; the identity if they are parallel, a half turn about e1_q if
     * they are opposite), then g = atan2(R e1_q . e2_p, R e1_q . e1_p). A tangent vector at angle phi in q's frame
     * is, after transport, at angle phi + g in p's frame.
     */
    public static double connection(VertexFrames source, int q, VertexFrames target, int p) {
        double[] nq = source.normals;
        double[] np = target.normals;
        double ax = nq[3 * q];
        double ay = nq[3 * q + 1];
        double az = nq[3 * q + 2];
        double bx = np[3 * p];
        double by = np[3 * p + 1];
        double bz = np[3 * p + 2];
        double ux = source.xAxes[3 * q];
        double uy = source.xAxes[3 * q + 1];
        double uz = source.xAxes[3 * q + 2];
        double c = ax * bx + ay * by + az * bz;
        double rx;
        double ry;
        double rz;
        if (c > -1 + 1e-12) {
            // k = n_q x n_p (|k| = sin), R u = c u + k x u + k (k . u) / (1 + c).
            double kx = ay * bz - az * by;
            double ky = az * bx - ax * bz;
            double kz = ax * by - ay * bx;
            double ku = (kx * ux + ky * uy + kz * uz) / (1 + c);
            rx = c * ux + (ky * uz - kz * uy) + kx * ku;
            ry = c * uy + (kz * ux - kx * uz) + ky * ku;
            rz = c * uz + (kx * uy - ky * ux) + kz * ku;
        } else {
            // Opposite normals: a half turn about e1_q keeps e1_q.
            rx = ux;
            ry = uy;
            rz = uz;
        }
        return target.angle(p, rx, ry, rz);
    }
}
