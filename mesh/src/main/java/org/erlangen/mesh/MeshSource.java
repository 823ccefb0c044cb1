package org.erlangen.mesh;

import java.util.Arrays;

/**
 * Where each vertex and face of a mesh came from, so that problems found later name the file and the line (text
 * formats) or byte offset (binary PLY). Faces of one polygon split into a fan share the polygon's location.
 *
 * @param name the file (or a label such as "generated") named in messages
 * @param unit what the locations count
 * @param vertexLocations per vertex: 1-based line, or byte offset of its record
 * @param faceLocations per face: 1-based line, or byte offset of its record
 */
public record MeshSource(String name, Unit unit, long[] vertexLocations, long[] faceLocations) {
    /** What a location counts. */
    public enum Unit {
        /** 1-based line numbers of a text file. */
        LINE,
        /** Byte offsets into a binary file. */
        BYTE,
        /** No locations (a mesh built in memory). */
        NONE
    }

    public MeshSource {
        if (unit != Unit.NONE && (vertexLocations == null || faceLocations == null)) {
            throw new IllegalArgumentException("a source with " + unit
                    + " locations needs them for vertices and faces");
        }
    }

    /** A mesh built in memory: messages name {@code label} and the element index only. */
    public static MeshSource none(String label) {
        return new MeshSource(label, Unit.NONE, null, null);
    }

    /** "file:12" for a text file, "file: byte 340" for a binary file, the label otherwise. */
    public String locateVertex(int v) {
        return locate(vertexLocations, v);
    }

    /** As {@link #locateVertex}, for face {@code f}. */
    public String locateFace(int f) {
        return locate(faceLocations, f);
    }

    /** The line (or byte offset) of face {@code f}, or -1 if unknown. */
    public long faceLocation(int f) {
        return unit == Unit.NONE || f >= faceLocations.length ? -1 : faceLocations[f];
    }

    /** The line (or byte offset) of vertex {@code v}, or -1 if unknown. */
    public long vertexLocation(int v) {
        return unit == Unit.NONE || v >= vertexLocations.length ? -1 : vertexLocations[v];
    }

    private String locate(long[] locations, int i) {
        if (unit == Unit.NONE || i >= locations.length) {
            return name;
        }
        return unit == Unit.LINE ? name + ":" + locations[i] : name + ": byte " + locations[i];
    }

    /** The source of a mesh whose vertices and faces were picked from this one ({@code old index} per new one). */
    public MeshSource select(int[] vertexOrigins, int[] faceOrigins) {
        if (unit == Unit.NONE) {
            return this;
        }
        long[] v = new long[vertexOrigins.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = vertexLocations[vertexOrigins[i]];
        }
        long[] f = new long[faceOrigins.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = faceLocations[faceOrigins[i]];
        }
        return new MeshSource(name, unit, v, f);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeshSource s && name.equals(s.name) && unit == s.unit
                && Arrays.equals(vertexLocations, s.vertexLocations) && Arrays.equals(faceLocations, s.faceLocations);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(faceLocations);
    }

    @Override
    public String toString() {
        return "MeshSource[" + name + ", " + unit + "]";
    }
}
