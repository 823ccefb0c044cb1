package org.erlangen.mesh.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import org.erlangen.mesh.MeshSource;
import org.erlangen.mesh.TriangleMesh;

/**
 * Wavefront OBJ, geometry only: {@code v x y z} lines and {@code f} lines whose vertices are written {@code i},
 * {@code i/t}, {@code i//n} or {@code i/t/n}, with 1-based indices or negative ones counting back from the last
 * vertex defined so far. Polygons are split into fans of triangles; every other statement (vt, vn, g, o, s,
 * usemtl, l, ...) is ignored. {@code #} starts a comment.
 */
final class ObjFormat {
    private ObjFormat() {
    }

    static MeshFile read(Path file) throws IOException {
        try (TextLines in = TextLines.open(file, '#')) {
            MeshBuilder mesh = new MeshBuilder(in.source(), MeshSource.Unit.LINE, 1024, 1024);
            int[] polygon = new int[8];
            String[] t;
            while ((t = in.next()) != null) {
                if (t[0].equals("v")) {
                    int v = mesh.vertexCount();
                    if (t.length < 4) {
                        throw in.error("vertex " + (v + 1) + ": expected 'v x y z', found " + (t.length - 1)
                                + " value" + (t.length == 2 ? "" : "s"));
                    }
                    mesh.addVertex(in.number(t[1], "x of vertex " + (v + 1)),
                            in.number(t[2], "y of vertex " + (v + 1)), in.number(t[3], "z of vertex " + (v + 1)),
                            in.line());
                } else if (t[0].equals("f")) {
                    int k = t.length - 1;
                    if (k < 3) {
                        throw in.error("face has " + k + " vertices; a face needs at least 3");
                    }
                    if (polygon.length < k) {
                        polygon = new int[k];
                    }
                    for (int i = 0; i < k; i++) {
                        polygon[i] = index(in, t[i + 1], mesh.vertexCount());
                    }
                    mesh.addPolygon(polygon, k, in.line());
                }
            }
            int nv = mesh.vertexCount();
            // Positive indices may name vertices defined further down; check them once all are known.
            for (int f = 0; f < mesh.faceCount(); f++) {
                for (int k = 0; k < 3; k++) {
                    int index = mesh.face(f, k);
                    if (index >= nv) {
                        throw MeshFormatException.atLine(in.source(), mesh.faceLocation(f), "face names vertex "
                                + (index + 1) + ", but the file defines only " + nv + " vertices");
                    }
                }
            }
            if (mesh.faceCount() == 0) {
                throw MeshFormatException.inFile(in.source(), "no faces ('f' lines) in " + in.line() + " lines");
            }
            return mesh.build(in.source(), MeshSource.Unit.LINE);
        }
    }

    /** The 0-based vertex of one face corner such as "7", "7/2", "7//3" or "-1/-1/-1". */
    private static int index(TextLines in, String corner, int definedSoFar) throws MeshFormatException {
        int slash = corner.indexOf('/');
        String head = slash < 0 ? corner : corner.substring(0, slash);
        if (head.isEmpty()) {
            throw in.error("face corner " + TextLines.quote(corner) + " has no vertex index");
        }
        int i = in.integer(head, "a vertex index");
        if (i == 0) {
            throw in.error("vertex index 0 in face corner " + TextLines.quote(corner)
                    + "; OBJ indices start at 1 (negative ones count back)");
        }
        if (i < 0) {
            int resolved = definedSoFar + i;
            if (resolved < 0) {
                throw in.error("relative vertex index " + i + " reaches before the first vertex (" + definedSoFar
                        + " defined so far)");
            }
            return resolved;
        }
        return i - 1;
    }

    static void write(TriangleMesh mesh, Writer out) throws IOException {
        for (int v = 0; v < mesh.vertexCount(); v++) {
            out.write("v " + mesh.coordinate(v, 0) + " " + mesh.coordinate(v, 1) + " " + mesh.coordinate(v, 2)
                    + "\n");
        }
        for (int f = 0; f < mesh.faceCount(); f++) {
            out.write("f " + (mesh.vertex(f, 0) + 1) + " " + (mesh.vertex(f, 1) + 1) + " " + (mesh.vertex(f, 2) + 1)
                    + "\n");
        }
    }
}
