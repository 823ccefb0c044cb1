package org.erlangen.mesh;

import java.util.Arrays;

/**
 * An immutable triangle mesh: {@code n} vertex positions, stored flat as {@code x0 y0 z0 x1 y1 z1 ...}, and
 * {@code f} faces, stored flat as three vertex indices per face.
 *
 * <p>The only invariants are that coordinates are finite and face indices name existing vertices. Everything else
 * (degenerate or duplicate faces, non-manifold edges, orientation) is allowed here and reported by
 * {@link MeshValidation}; the structures built on top ({@link HalfEdgeMesh}, {@link MeshGeometry}) demand more.
 * By convention a face {@code (a, b, c)} is counter-clockwise seen from outside, so {@code (b - a) x (c - a)} points
 * outwards.
 */
public final class TriangleMesh {
    private final double[] positions;
    private final int[] faces;

    private TriangleMesh(double[] positions, int[] faces) {
        this.positions = positions;
        this.faces = faces;
    }

    /**
     * A mesh from flat arrays (copied): {@code positions.length == 3 n}, {@code faces.length == 3 f}.
     *
     * @throws IllegalArgumentException naming the first non-finite coordinate or out-of-range index
     */
    public static TriangleMesh of(double[] positions, int[] faces) {
        return wrap(positions.clone(), faces.clone());
    }

    /** Takes ownership of the arrays (no copy); for code in this package that built them fresh. */
    static TriangleMesh wrap(double[] positions, int[] faces) {
        if (positions.length % 3 != 0) {
            throw new IllegalArgumentException("positions hold " + positions.length
                    + " numbers, not a multiple of 3 (x y z per vertex)");
        }
        if (faces.length % 3 != 0) {
            throw new IllegalArgumentException("faces hold " + faces.length
                    + " indices, not a multiple of 3 (three vertices per face)");
        }
        for (int i = 0; i < positions.length; i++) {
            if (!Double.isFinite(positions[i])) {
                throw new IllegalArgumentException("vertex " + i / 3 + " has coordinate " + "xyz".charAt(i % 3)
                        + " = " + positions[i] + "; coordinates must be finite");
            }
        }
        int n = positions.length / 3;
        for (int i = 0; i < faces.length; i++) {
            if (faces[i] < 0 || faces[i] >= n) {
                throw new IllegalArgumentException("face " + i / 3 + " names vertex " + faces[i] + ", outside [0, "
                        + n + ")");
            }
        }
        return new TriangleMesh(positions, faces);
    }

    public int vertexCount() {
        return positions.length / 3;
    }

    public int faceCount() {
        return faces.length / 3;
    }

    /** Coordinate {@code axis} (0 = x, 1 = y, 2 = z) of vertex {@code v}. */
    public double coordinate(int v, int axis) {
        return positions[3 * v + axis];
    }

    /** A copy of the position of vertex {@code v}. */
    public double[] position(int v) {
        return Arrays.copyOfRange(positions, 3 * v, 3 * v + 3);
    }

    /** Vertex {@code k} (0, 1 or 2) of face {@code f}. */
    public int vertex(int f, int k) {
        return faces[3 * f + k];
    }

    /** A copy of the three vertices of face {@code f}. */
    public int[] face(int f) {
        return Arrays.copyOfRange(faces, 3 * f, 3 * f + 3);
    }

    /** A copy of all positions, flat (n x 3). */
    public double[] positions() {
        return positions.clone();
    }

    /** A copy of all faces, flat (f x 3). */
    public int[] faces() {
        return faces.clone();
    }

    /** The shared positions array; callers in this package must not modify it. */
    double[] positionArray() {
        return positions;
    }

    /** The shared faces array; callers in this package must not modify it. */
    int[] faceArray() {
        return faces;
    }

    /** This mesh's faces over new positions (same vertex count). */
    public TriangleMesh withPositions(double[] newPositions) {
        if (newPositions.length != positions.length) {
            throw new IllegalArgumentException("new positions hold " + newPositions.length + " numbers, expected "
                    + positions.length);
        }
        return wrap(newPositions.clone(), faces);
    }

    /** Length of the bounding box diagonal, a scale for tolerances. */
    public double boundingBoxDiagonal() {
        if (positions.length == 0) {
            return 0;
        }
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < positions.length; i++) {
            lo[i % 3] = Math.min(lo[i % 3], positions[i]);
            hi[i % 3] = Math.max(hi[i % 3], positions[i]);
        }
        return Math.sqrt(sq(hi[0] - lo[0]) + sq(hi[1] - lo[1]) + sq(hi[2] - lo[2]));
    }

    private static double sq(double x) {
        return x * x;
    }

    /** Same vertices and faces, value for value (used by round-trip tests). */
    public boolean sameAs(TriangleMesh other) {
        return Arrays.equals(positions, other.positions) && Arrays.equals(faces, other.faces);
    }

    @Override
    public String toString() {
        return "TriangleMesh[" + vertexCount() + " vertices, " + faceCount() + " faces]";
    }
}
