package org.erlangen.mesh.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.erlangen.mesh.MeshSource;
import org.erlangen.mesh.TriangleMesh;

/**
 * The OFF format: an {@code OFF} header (optionally with the counts on the same line), a line
 * {@code vertices faces edges}, one line {@code x y z} per vertex and one line {@code k i1 .. ik} per face with
 * 0-based indices. {@code #} starts a comment. Headers with colours, normals or texture coordinates
 * ({@code COFF}, {@code NOFF}, {@code STOFF}, ...) are read, their extra numbers ignored; a face may be followed by
 * a colour (1, 3 or 4 numbers). Polygons are split into fans of triangles.
 */
final class OffFormat {
    private static final Pattern HEADER = Pattern.compile("(ST)?C?N?OFF");
    private static final Pattern HIGHER = Pattern.compile("(ST)?C?N?4?n?OFF");

    private OffFormat() {
    }

    static MeshFile read(Path file) throws IOException {
        try (TextLines in = TextLines.open(file, '#')) {
            String[] header = in.next();
            if (header == null) {
                throw MeshFormatException.inFile(in.source(), "empty file; expected an 'OFF' header");
            }
            if (!HEADER.matcher(header[0]).matches()) {
                if (HIGHER.matcher(header[0]).matches()) {
                    throw in.error("header " + TextLines.quote(header[0]) + " describes points in 4 or n "
                            + "dimensions; only 3D OFF is supported");
                }
                throw in.error("bad header: expected 'OFF' (or COFF, NOFF, STOFF), found "
                        + TextLines.quote(header[0]));
            }
            String[] counts = header.length > 1 ? Arrays.copyOfRange(header, 1, header.length) : in.next();
            if (counts == null) {
                throw MeshFormatException.inFile(in.source(), "file ends after the header; expected a line with "
                        + "the vertex, face and edge counts");
            }
            long countLine = in.line();
            if (counts.length < 2 || counts.length > 3) {
                throw in.error("expected the vertex, face and edge counts (2 or 3 integers), found "
                        + counts.length + " values");
            }
            int nv = in.integer(counts[0], "the vertex count");
            int nf = in.integer(counts[1], "the face count");
            if (counts.length == 3) {
                in.integer(counts[2], "the edge count");
            }
            if (nv < 0 || nf < 0) {
                throw in.error("counts cannot be negative: " + nv + " vertices, " + nf + " faces");
            }
            // no check of the counts against the file's size is needed: the builder grows as lines arrive
            MeshBuilder mesh = new MeshBuilder(in.source(), MeshSource.Unit.LINE, nv, nf);
            for (int v = 0; v < nv; v++) {
                String[] t = in.next();
                if (t == null) {
                    throw truncated(in, countLine, nv, nf, v, 0);
                }
                if (t.length < 3) {
                    throw in.error("vertex " + v + ": expected x y z, found " + t.length + " value"
                            + (t.length == 1 ? "" : "s"));
                }
                mesh.addVertex(in.number(t[0], "x of vertex " + v), in.number(t[1], "y of vertex " + v),
                        in.number(t[2], "z of vertex " + v), in.line());
            }
            int[] polygon = new int[8];
            for (int f = 0; f < nf; f++) {
                String[] t = in.next();
                if (t == null) {
                    throw truncated(in, countLine, nv, nf, nv, f);
                }
                int k = in.integer(t[0], "the vertex count of face " + f);
                if (k < 3) {
                    throw in.error("face " + f + " has " + k + " vertices; a face needs at least 3");
                }
                if (t.length - 1 < k) {
                    throw in.error("face " + f + " declares " + k + " vertices but lists " + (t.length - 1));
                }
                int extra = t.length - k - 1;
                if (extra == 2 || extra > 4) {
                    throw in.error("face " + f + " has " + extra + " values after its " + k + " vertex indices; "
                            + "expected none or a colour (1, 3 or 4 values): is the vertex count right?");
                }
                if (polygon.length < k) {
                    polygon = new int[k];
                }
                for (int i = 0; i < k; i++) {
                    int index = in.integer(t[i + 1], "a vertex index of face " + f);
                    if (index < 0 || index >= nv) {
                        throw in.error("face " + f + ": vertex index " + index + " out of range [0, " + nv + ")");
                    }
                    polygon[i] = index;
                }
                mesh.addPolygon(polygon, k, in.line());
            }
            if (in.next() != null) {
                throw in.error("unexpected content after the " + nf + " faces declared on line " + countLine
                        + ": are the counts right?");
            }
            if (nf == 0) {
                throw MeshFormatException.atLine(in.source(), countLine, "the file declares no faces");
            }
            return mesh.build(in.source(), MeshSource.Unit.LINE);
        }
    }

    private static MeshFormatException truncated(TextLines in, long countLine, int nv, int nf, int vertices,
            int faces) {
        return MeshFormatException.atLine(in.source(), in.line(), "file ends after " + vertices + " of " + nv
                + " vertices and " + faces + " of " + nf + " faces declared on line " + countLine
                + " (truncated file or wrong counts)");
    }

    static void write(TriangleMesh mesh, Writer out) throws IOException {
        out.write("OFF\n");
        out.write(mesh.vertexCount() + " " + mesh.faceCount() + " 0\n");
        for (int v = 0; v < mesh.vertexCount(); v++) {
            out.write(mesh.coordinate(v, 0) + " " + mesh.coordinate(v, 1) + " " + mesh.coordinate(v, 2) + "\n");
        }
        for (int f = 0; f < mesh.faceCount(); f++) {
            out.write("3 " + mesh.vertex(f, 0) + " " + mesh.vertex(f, 1) + " " + mesh.vertex(f, 2) + "\n");
        }
    }
}
