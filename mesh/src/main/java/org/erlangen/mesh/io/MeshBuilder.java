package org.erlangen.mesh.io;

import java.util.Arrays;
import org.erlangen.mesh.MeshSource;
import org.erlangen.mesh.TriangleMesh;

/**
 * Collects vertices and triangles with their file locations. It grows as it goes, so a lying count in a header
 * cannot exhaust memory.
 */
final class MeshBuilder {
    private static final int MAX_INITIAL = 1 << 16;
    /** The most vertices or triangles: three coordinates or corners each must fit one Java array. */
    static final int MAX_ELEMENTS = (Integer.MAX_VALUE - 8) / 3;
    private final String source;
    private final MeshSource.Unit unit;
    private double[] positions;
    private long[] vertexLocations;
    private int vertexCount;
    private int[] faces;
    private long[] faceLocations;
    private int faceCount;

    MeshBuilder(String source, MeshSource.Unit unit, long expectedVertices, long expectedFaces) {
        this.source = source;
        this.unit = unit;
        int v = (int) Math.max(4, Math.min(expectedVertices, MAX_INITIAL));
        int f = (int) Math.max(4, Math.min(expectedFaces, MAX_INITIAL));
        positions = new double[3 * v];
        vertexLocations = new long[v];
        faces = new int[3 * f];
        faceLocations = new long[f];
    }

    void addVertex(double x, double y, double z, long location) throws MeshFormatException {
        if (vertexCount == vertexLocations.length) {
            int grown = grown(vertexCount, "vertices", location);
            positions = Arrays.copyOf(positions, 3 * grown);
            vertexLocations = Arrays.copyOf(vertexLocations, grown);
        }
        positions[3 * vertexCount] = x;
        positions[3 * vertexCount + 1] = y;
        positions[3 * vertexCount + 2] = z;
        vertexLocations[vertexCount++] = location;
    }

    void addTriangle(int a, int b, int c, long location) throws MeshFormatException {
        if (faceCount == faceLocations.length) {
            int grown = grown(faceCount, "triangles", location);
            faces = Arrays.copyOf(faces, 3 * grown);
            faceLocations = Arrays.copyOf(faceLocations, grown);
        }
        faces[3 * faceCount] = a;
        faces[3 * faceCount + 1] = b;
        faces[3 * faceCount + 2] = c;
        faceLocations[faceCount++] = location;
    }

    /** Twice the capacity, up to {@link #MAX_ELEMENTS}; a file with more is refused at the element past it. */
    private int grown(int capacity, String what, long location) throws MeshFormatException {
        if (capacity >= MAX_ELEMENTS) {
            String problem = "more than " + MAX_ELEMENTS + " " + what + ", the most a mesh can hold";
            throw unit == MeshSource.Unit.BYTE ? MeshFormatException.atByte(source, location, problem)
                    : MeshFormatException.atLine(source, location, problem);
        }
        return (int) Math.min(2L * capacity, MAX_ELEMENTS);
    }

    /** Adds a polygon as a fan of triangles (v0, vi, vi+1). */
    void addPolygon(int[] vertices, int count, long location) throws MeshFormatException {
        for (int i = 1; i + 1 < count; i++) {
            addTriangle(vertices[0], vertices[i], vertices[i + 1], location);
        }
    }

    int vertexCount() {
        return vertexCount;
    }

    int faceCount() {
        return faceCount;
    }

    int face(int f, int k) {
        return faces[3 * f + k];
    }

    long faceLocation(int f) {
        return faceLocations[f];
    }

    MeshFile build(String name, MeshSource.Unit unit) {
        TriangleMesh mesh = TriangleMesh.of(Arrays.copyOf(positions, 3 * vertexCount),
                Arrays.copyOf(faces, 3 * faceCount));
        return new MeshFile(mesh, new MeshSource(name, unit, Arrays.copyOf(vertexLocations, vertexCount),
                Arrays.copyOf(faceLocations, faceCount)));
    }
}
