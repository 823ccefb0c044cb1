package org.erlangen.mesh;

/** Per-face and per-vertex measures of a triangle mesh, in float64. Degenerate faces get zero area and normal. */
public final class MeshMeasures {
    private MeshMeasures() {
    }

    /** Area of each face. */
    public static double[] faceAreas(TriangleMesh mesh) {
        double[] p = mesh.positionArray();
        int[] f = mesh.faceArray();
        double[] areas = new double[mesh.faceCount()];
        double[] c = new double[3];
        for (int i = 0; i < areas.length; i++) {
            Vec3.faceCross(p, f[3 * i], f[3 * i + 1], f[3 * i + 2], c);
            areas[i] = 0.5 * Vec3.norm(c[0], c[1], c[2]);
        }
        return areas;
    }

    /** Unit normal of each face, flat (f x 3): (b - a) x (c - a) normalised; zero for a zero-area face. */
    public static double[] faceNormals(TriangleMesh mesh) {
        double[] p = mesh.positionArray();
        int[] f = mesh.faceArray();
        double[] normals = new double[f.length];
        double[] c = new double[3];
        for (int i = 0; i < mesh.faceCount(); i++) {
            Vec3.faceCross(p, f[3 * i], f[3 * i + 1], f[3 * i + 2], c);
            double len = Vec3.norm(c[0], c[1], c[2]);
            if (len > 0) {
                normals[3 * i] = c[0] / len;
                normals[3 * i + 1] = c[1] / len;
                normals[3 * i + 2] = c[2] / len;
            }
        }
        return normals;
    }

    public static double totalArea(TriangleMesh mesh) {
        double sum = 0;
        for (double a : faceAreas(mesh)) {
            sum += a;
        }
        return sum;
    }

    /** Enclosed volume of a closed, outward-oriented mesh (divergence theorem over the faces). */
    public static double volume(TriangleMesh mesh) {
        double[] p = mesh.positionArray();
        int[] f = mesh.faceArray();
        double sum = 0;
        for (int i = 0; i < mesh.faceCount(); i++) {
            sum += MeshValidation.signedTetVolume(p, f[3 * i], f[3 * i + 1], f[3 * i + 2]);
        }
        return sum;
    }

    /** Barycentric vertex areas: one third of the area of every face around the vertex. */
    public static double[] vertexAreas(TriangleMesh mesh) {
        double[] faceAreas = faceAreas(mesh);
        int[] f = mesh.faceArray();
        double[] areas = new double[mesh.vertexCount()];
        for (int i = 0; i < faceAreas.length; i++) {
            for (int k = 0; k < 3; k++) {
                areas[f[3 * i + k]] += faceAreas[i] / 3;
            }
        }
        return areas;
    }

    /** Interior angle at each corner: entry {@code 3 f + k} is the angle of face f at its vertex k. */
    public static double[] cornerAngles(TriangleMesh mesh) {
        double[] p = mesh.positionArray();
        int[] f = mesh.faceArray();
        double[] angles = new double[f.length];
        for (int i = 0; i < mesh.faceCount(); i++) {
            int a = f[3 * i];
            int b = f[3 * i + 1];
            int c = f[3 * i + 2];
            angles[3 * i] = Vec3.angle(p, a, b, c);
            angles[3 * i + 1] = Vec3.angle(p, b, c, a);
            angles[3 * i + 2] = Vec3.angle(p, c, a, b);
        }
        return angles;
    }

    /**
     * Unit vertex normals, flat (n x 3): face normals averaged with the given weights. A vertex in no face (or
     * whose faces cancel) gets the zero vector.
     */
    public static double[] vertexNormals(TriangleMesh mesh, NormalWeighting weighting) {
        double[] p = mesh.positionArray();
        int[] f = mesh.faceArray();
        double[] normals = new double[3 * mesh.vertexCount()];
        double[] c = new double[3];
        double[] angles = weighting == NormalWeighting.ANGLE ? cornerAngles(mesh) : null;
        for (int i = 0; i < mesh.faceCount(); i++) {
            Vec3.faceCross(p, f[3 * i], f[3 * i + 1], f[3 * i + 2], c);
            double len = Vec3.norm(c[0], c[1], c[2]);
            if (len == 0) {
                continue;
            }
            for (int k = 0; k < 3; k++) {
                // |cross| = 2 area, so the cross product itself is the area weight.
                double w = weighting == NormalWeighting.AREA ? 1 : angles[3 * i + k] / len;
                int v = f[3 * i + k];
                normals[3 * v] += w * c[0];
                normals[3 * v + 1] += w * c[1];
                normals[3 * v + 2] += w * c[2];
            }
        }
        for (int v = 0; v < mesh.vertexCount(); v++) {
            double len = Vec3.norm(normals[3 * v], normals[3 * v + 1], normals[3 * v + 2]);
            if (len > 0) {
                normals[3 * v] /= len;
                normals[3 * v + 1] /= len;
                normals[3 * v + 2] /= len;
            }
        }
        return normals;
    }
}
