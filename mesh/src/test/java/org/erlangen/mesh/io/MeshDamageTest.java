package org.erlangen.mesh.io;

import static org.erlangen.mesh.TestData.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.erlangen.mesh.HalfEdgeMesh;
import org.erlangen.mesh.MeshGeometry;
import org.erlangen.mesh.MeshRepair;
import org.erlangen.mesh.MeshValidation;
import org.erlangen.mesh.NormalWeighting;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.mesh.gen.MeshGenerators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Broken files: each must fail with a message naming the file, the line (or byte) and the problem. */
class MeshDamageTest {
    @TempDir
    Path dir;

    private static final String[] SQUARE_VERTICES = {"0 0 0", "1 0 0", "1 1 0", "0 1 0"};

    /** An OFF file: header, counts, the four square vertices, then the given face lines. */
    private Path off(String name, String counts, String... faces) throws IOException {
        String[] lines = new String[2 + SQUARE_VERTICES.length + faces.length];
        lines[0] = "OFF";
        lines[1] = counts;
        System.arraycopy(SQUARE_VERTICES, 0, lines, 2, 4);
        System.arraycopy(faces, 0, lines, 6, faces.length);
        return write(dir, name, lines);
    }

    private static void assertFails(Path file, Executable read, String... fragments) {
        MeshFormatException e = assertThrows(MeshFormatException.class, read);
        assertTrue(e.getMessage().startsWith(file.toString()), "message should start with the file: "
                + e.getMessage());
        assertEquals(file.toString(), e.source());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message should contain '" + f + "': " + e.getMessage());
        }
    }

    private static void assertReadFails(Path file, String... fragments) {
        assertFails(file, () -> MeshIO.read(file), fragments);
    }

    private static void assertInvalid(Path file, String... fragments) {
        assertFails(file, () -> MeshIO.readValid(file), fragments);
    }

    // ---- Parse errors, OFF ----

    @Test
    void badOffHeader() throws IOException {
        Path f = write(dir, "h.off", "# comment", "OFX", "4 2 0");
        assertReadFails(f, f + ":2: bad header: expected 'OFF'", "'OFX'");
        Path g = write(dir, "h4.off", "4OFF", "4 2 0");
        assertReadFails(g, g + ":1: ", "4 or n dimensions");
        Path empty = write(dir, "empty.off", "# only a comment");
        assertReadFails(empty, "empty file");
    }

    @Test
    void malformedCountLine() throws IOException {
        Path f = write(dir, "c.off", "OFF", "4", "0 0 0");
        assertReadFails(f, f + ":2: expected the vertex, face and edge counts");
        Path g = write(dir, "c2.off", "OFF", "4 -2 0");
        assertReadFails(g, g + ":2: counts cannot be negative");
        Path h = write(dir, "c3.off", "OFF", "99999999999 2 0");
        assertReadFails(h, h + ":2: expected the vertex count (an integer), found '99999999999', which is too large");
    }

    @Test
    void truncatedFileOrTooHighCounts() throws IOException {
        Path f = off("t.off", "4 3 0", "3 0 1 2", "3 0 2 3");
        assertReadFails(f, f + ":8: file ends after 4 of 4 vertices and 2 of 3 faces declared on line 2",
                "truncated file or wrong counts");
        Path g = write(dir, "t2.off", "OFF", "1000000000 1 0", "0 0 0");
        assertReadFails(g, g + ":3: file ends after 1 of 1000000000 vertices");
    }

    @Test
    void contentBeyondTheDeclaredCounts() throws IOException {
        Path f = off("x.off", "4 1 0", "3 0 1 2", "3 0 2 3");
        assertReadFails(f, f + ":8: unexpected content after the 1 faces declared on line 2");
    }

    @Test
    void indexOutOfRange() throws IOException {
        Path f = off("i.off", "4 2 0", "3 0 1 2", "3 0 2 7");
        assertReadFails(f, f + ":8: face 1: vertex index 7 out of range [0, 4)");
        Path g = off("n.off", "4 2 0", "3 0 1 2", "3 0 -1 3");
        assertReadFails(g, g + ":8: face 1: vertex index -1 out of range [0, 4)");
    }

    @Test
    void nanAndInfiniteCoordinates() throws IOException {
        Path f = write(dir, "nan.off", "OFF", "3 1 0", "0 0 0", "1 nan 0", "0 1 0", "3 0 1 2");
        assertReadFails(f, f + ":4: y of vertex 1 is 'nan', not a finite number");
        Path g = write(dir, "inf.off", "OFF", "3 1 0", "0 0 0", "1 0 0", "0 1 -Infinity", "3 0 1 2");
        assertReadFails(g, g + ":5: z of vertex 2 is '-Infinity', not a finite number");
        Path h = write(dir, "big.off", "OFF", "3 1 0", "1e999 0 0", "1 0 0", "0 1 0", "3 0 1 2");
        assertReadFails(h, h + ":3: x of vertex 0 is '1e999', which overflows a double");
    }

    @Test
    void notANumber() throws IOException {
        Path f = write(dir, "abc.off", "OFF", "3 1 0", "0 0 0", "1 abc 0", "0 1 0", "3 0 1 2");
        assertReadFails(f, f + ":4: expected y of vertex 1 (a number), found 'abc'");
        Path g = write(dir, "java.off", "OFF", "3 1 0", "0 0 0", "1 2f 0", "0 1 0", "3 0 1 2");
        assertReadFails(g, g + ":4: expected y of vertex 1 (a number), found '2f'");
        Path h = write(dir, "short.off", "OFF", "3 1 0", "0 0 0", "1 0", "0 1 0", "3 0 1 2");
        assertReadFails(h, h + ":4: vertex 1: expected x y z, found 2 values");
    }

    @Test
    void faceWithWrongVertexCount() throws IOException {
        Path f = off("two.off", "4 1 0", "2 0 1");
        assertReadFails(f, f + ":7: face 0 has 2 vertices; a face needs at least 3");
        Path g = off("few.off", "4 1 0", "4 0 1 2");
        assertReadFails(g, g + ":7: face 0 declares 4 vertices but lists 3");
        Path h = off("many.off", "4 1 0", "3 0 1 2 3 0");
        assertReadFails(h, h + ":7: face 0 has 2 values after its 3 vertex indices");
    }

    // ---- Parse errors, OBJ ----

    @Test
    void objIndexErrors() throws IOException {
        Path zero = write(dir, "z.obj", "v 0 0 0", "v 1 0 0", "v 0 1 0", "f 0 1 2");
        assertReadFails(zero, zero + ":4: vertex index 0 in face corner '0'; OBJ indices start at 1");
        Path negative = write(dir, "neg.obj", "v 0 0 0", "v 1 0 0", "f -1 -2 -3", "v 0 1 0");
        assertReadFails(negative, negative + ":3: relative vertex index -3 reaches before the first vertex "
                + "(2 defined so far)");
        Path beyond = write(dir, "far.obj", "v 0 0 0", "v 1 0 0", "# c", "f 1 2 9", "v 0 1 0");
        assertReadFails(beyond, beyond + ":4: face names vertex 9, but the file defines only 3 vertices");
        Path noIndex = write(dir, "slash.obj", "v 0 0 0", "v 1 0 0", "v 0 1 0", "f 1 /2 3");
        assertReadFails(noIndex, noIndex + ":4: face corner '/2' has no vertex index");
        Path nan = write(dir, "nan.obj", "v 0 0 0", "v NaN 0 0", "v 0 1 0", "f 1 2 3");
        assertReadFails(nan, nan + ":2: x of vertex 2 is 'NaN', not a finite number");
        Path line = write(dir, "line.obj", "v 0 0 0", "v 1 0 0", "f 1 2");
        assertReadFails(line, line + ":3: face has 2 vertices");
        Path none = write(dir, "none.obj", "v 0 0 0", "v 1 0 0");
        assertReadFails(none, none + ": no faces ('f' lines)");
    }

    // ---- Parse errors, PLY ----

    @Test
    void badPlyHeaders() throws IOException {
        Path magic = write(dir, "m.ply", "plx", "format ascii 1.0", "end_header");
        assertReadFails(magic, magic + ":1: bad header: expected 'ply' on the first line");
        Path format = write(dir, "f.ply", "ply", "format binary_middle_endian 1.0", "end_header");
        assertReadFails(format, format + ":2: bad header: unknown format 'binary_middle_endian'");
        Path type = write(dir, "t.ply", "ply", "format ascii 1.0", "element vertex 3", "property float128 x",
                "end_header");
        assertReadFails(type, type + ":4: bad header: unknown property type 'float128'");
        Path end = write(dir, "e.ply", "ply", "format ascii 1.0", "element vertex 3", "property float x");
        assertReadFails(end, end + ":4: bad header: the file ends before 'end_header'");
        Path noFace = write(dir, "nf.ply", "ply", "format ascii 1.0", "element vertex 1", "property float x",
                "property float y", "property float z", "end_header", "0 0 0");
        assertReadFails(noFace, noFace + ": bad header: no 'element face'");
        Path noZ = write(dir, "nz.ply", "ply", "format ascii 1.0", "element vertex 1", "property float x",
                "property float y", "element face 0", "property list uchar int vertex_indices", "end_header");
        assertReadFails(noZ, noZ + ":3: bad header: element vertex has no property 'z'");
        Path orphan = write(dir, "o.ply", "ply", "format ascii 1.0", "property float x", "end_header");
        assertReadFails(orphan, orphan + ":3: bad header: 'property' before any 'element'");
        Path floatList = write(dir, "fl.ply", "ply", "format ascii 1.0", "element vertex 0", "property float x",
                "property float y", "property float z", "element face 0",
                "property list uchar float vertex_indices", "end_header");
        assertReadFails(floatList, floatList + ":8: bad header: face property 'vertex_indices' must be a list "
                + "with integer count and index types");
    }

    private static final String[] ASCII_HEADER = {"ply", "format ascii 1.0", "element vertex 4", "property float x",
        "property float y", "property float z", "element face 2", "property list uchar int vertex_indices",
        "end_header"};

    private Path asciiPly(String name, String... body) throws IOException {
        String[] lines = Arrays.copyOf(ASCII_HEADER, ASCII_HEADER.length + body.length);
        System.arraycopy(body, 0, lines, ASCII_HEADER.length, body.length);
        return write(dir, name, lines);
    }

    @Test
    void asciiPlyBodyErrors() throws IOException {
        Path few = asciiPly("few.ply", "0 0 0", "1 0 0", "1 1", "0 1 0", "3 0 1 2", "3 0 2 3");
        assertReadFails(few, few + ":12: vertex 2 ends after 2 values; expected z of vertex 2");
        Path extra = asciiPly("extra.ply", "0 0 0", "1 0 0", "1 1 0 5", "0 1 0", "3 0 1 2", "3 0 2 3");
        assertReadFails(extra, extra + ":12: vertex 2 has 1 values more than its properties describe");
        Path list = asciiPly("list.ply", "0 0 0", "1 0 0", "1 1 0", "0 1 0", "3 0 1 2", "4 0 2 3");
        assertReadFails(list, list + ":15: the vertex count of face 1 is 4, but the line holds only 3 more values");
        Path range = asciiPly("range.ply", "0 0 0", "1 0 0", "1 1 0", "0 1 0", "3 0 1 2", "3 0 2 4");
        assertReadFails(range, range + ":15: face 1: vertex index 4 out of range [0, 4)");
        Path truncated = asciiPly("trunc.ply", "0 0 0", "1 0 0", "1 1 0", "0 1 0", "3 0 1 2");
        assertReadFails(truncated, truncated + ":14: file ends at face 1 of 2 declared on line 7");
        Path count = asciiPly("count.ply", "0 0 0", "1 0 0", "1 1 0", "0 1 0", "3 0 1 2", "300 0 2 3");
        assertReadFails(count, count + ":15: the vertex count of face 1 is 300, outside the range of its type uchar");
        Path trailing = asciiPly("trail.ply", "0 0 0", "1 0 0", "1 1 0", "0 1 0", "3 0 1 2", "3 0 2 3", "7");
        assertReadFails(trailing, trailing + ":16: unexpected content after the last element");
    }

    /** A binary little-endian PLY of the square: float x y z, uchar/int lists. */
    private static byte[] binarySquare(int vertexCount, int faceCount, float[] coordinates, int[][] faces) {
        String header = "ply\nformat binary_little_endian 1.0\nelement vertex " + vertexCount
                + "\nproperty float x\nproperty float y\nproperty float z\nelement face " + faceCount
                + "\nproperty list uchar int vertex_indices\nend_header\n";
        ByteBuffer b = ByteBuffer.allocate(1000).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (float c : coordinates) {
            b.putFloat(c);
        }
        for (int[] f : faces) {
            b.put((byte) f.length);
            for (int v : f) {
                b.putInt(v);
            }
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    private static final float[] SQUARE = {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0};
    private static final int[][] SQUARE_FACES = {{0, 1, 2}, {0, 2, 3}};

    private static int headerLength(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        return s.indexOf("end_header\n") + "end_header\n".length();
    }

    @Test
    void binaryPlyErrorsNameByteOffsets() throws IOException {
        byte[] good = binarySquare(4, 2, SQUARE, SQUARE_FACES);
        int body = headerLength(good);
        Path ok = dir.resolve("ok.ply");
        Files.write(ok, good);
        assertEquals(2, MeshIO.read(ok).faceCount());

        Path truncated = dir.resolve("trunc.ply");
        Files.write(truncated, Arrays.copyOf(good, good.length - 3));
        assertReadFails(truncated, truncated + ": byte " + (good.length - 12) + ": file ends in face 1 (which starts "
                + "at byte " + (good.length - 13) + "): the 3 vertex indices of face 1 need 12 bytes, 9 remain",
                "truncated file");

        Path huge = dir.resolve("huge.ply");
        byte[] hugeBytes = binarySquare(4, 2_000_000_000, SQUARE, SQUARE_FACES);
        Files.write(huge, hugeBytes);
        assertReadFails(huge, huge + ": byte " + headerLength(hugeBytes) + ": the header's elements need at least "
                + "2000000048 bytes, but only 74 follow the header",
                "truncated file or wrong counts");

        Path range = dir.resolve("range.ply");
        Files.write(range, binarySquare(4, 2, SQUARE, new int[][] {{0, 1, 2}, {0, 2, 9}}));
        assertReadFails(range, range + ": byte " + (body + 48 + 13) + ": face 1: face 1: vertex index 9 out of "
                + "range [0, 4)");

        float[] nan = SQUARE.clone();
        nan[7] = Float.NaN;
        Path nanFile = dir.resolve("nan.ply");
        Files.write(nanFile, binarySquare(4, 2, nan, SQUARE_FACES));
        assertReadFails(nanFile, nanFile + ": byte " + (body + 24) + ": vertex 2: y of vertex 2 is NaN, not a "
                + "finite number");

        Path trailing = dir.resolve("trailing.ply");
        byte[] longer = Arrays.copyOf(good, good.length + 5);
        Files.write(trailing, longer);
        assertReadFails(trailing, trailing + ": byte " + good.length + ": 5 bytes follow the last element");

        Path shortList = dir.resolve("two.ply");
        Files.write(shortList, binarySquare(4, 2, SQUARE, new int[][] {{0, 1, 2}, {0, 2}, {0}}));
        assertReadFails(shortList, shortList + ": byte " + (body + 48 + 13) + ": face 1: face 1 has 2 vertices");
    }

    // ---- Validation problems (readValid) ----

    @Test
    void repeatedVertex() throws IOException {
        Path f = off("rep.off", "4 2 0", "3 0 1 2", "3 0 2 2");
        assertInvalid(f, f + ":8: face 1 (0 2 2) repeats vertex 2");
    }

    @Test
    void zeroAreaFace() throws IOException {
        Path f = write(dir, "flat.off", "OFF", "4 2 0", "0 0 0", "1 0 0", "2 0 0", "0 1 0", "3 0 1 3", "3 0 2 1");
        assertInvalid(f, f + ":8: face 1 (0 2 1) has zero area");
    }

    @Test
    void duplicateFace() throws IOException {
        Path f = off("dup.off", "4 3 0", "3 0 1 2", "3 0 2 3", "3 2 1 0");
        assertInvalid(f, f + ":9: face 2 (2 1 0) repeats face 0 (0 1 2) at " + f + ":7");
    }

    @Test
    void nonManifoldEdge() throws IOException {
        Path f = write(dir, "fin.off", "OFF", "5 3 0", "0 0 0", "1 0 0", "0 1 0", "0 -1 0", "0 0 1", "3 0 1 2",
                "3 1 0 3", "3 0 1 4");
        assertInvalid(f, f + ":10: edge 0-1 is shared by 3 faces, at most 2 allowed: faces 0 (" + f + ":8), 1 ("
                + f + ":9), 2 (" + f + ":10)");
    }

    @Test
    void inconsistentOrientation() throws IOException {
        Path f = off("orient.off", "4 2 0", "3 0 1 2", "3 0 3 2");
        assertInvalid(f, f + ":8: face 1 (0 3 2) runs edge 2->0 in the same direction as face 0 at " + f + ":7");
    }

    @Test
    void unreferencedVertex() throws IOException {
        Path f = write(dir, "lonely.off", "OFF", "5 2 0", "0 0 0", "1 0 0", "1 1 0", "0 1 0", "5 5 5", "3 0 1 2",
                "3 0 2 3");
        assertInvalid(f, f + ":7: vertex 4 is used by no face");
    }

    @Test
    void nonManifoldVertex() throws IOException {
        // Two triangles touching only at vertex 0 (a bow tie).
        Path f = write(dir, "bowtie.off", "OFF", "5 2 0", "0 0 0", "1 0 0", "1 1 0", "-1 0 0", "-1 -1 0",
                "3 0 1 2", "3 0 3 4");
        assertInvalid(f, f + ":3: vertex 0 joins 2 separate fans of faces");
    }

    @Test
    void validationOfBinaryPlyNamesByteOffsets() throws IOException {
        Path f = dir.resolve("dup.ply");
        byte[] bytes = binarySquare(4, 3, SQUARE, new int[][] {{0, 1, 2}, {0, 2, 3}, {0, 2, 3}});
        Files.write(f, bytes);
        int body = headerLength(bytes);
        assertInvalid(f, f + ": byte " + (body + 48 + 26) + ": face 2 (0 2 3) repeats face 1 (0 2 3) at " + f
                + ": byte " + (body + 48 + 13));
    }

    @Test
    void severalProblemsAreListedAfterTheFirst() throws IOException {
        Path f = off("many.off", "4 3 0", "3 0 2 2", "3 0 2 3", "3 0 2 3");
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> MeshIO.readValid(f));
        assertTrue(e.getMessage().startsWith(f + ":7: face 0 (0 2 2) repeats vertex 2 (2 more problems:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("\n  " + f + ":9: face 2 (0 2 3) repeats face 1"), e.getMessage());
        assertTrue(e.getMessage().contains("\n  " + f + ":4: vertex 1 is used by no face"), e.getMessage());
        assertEquals(7, e.line());
    }

    // ---- Random corruption ----

    @Test
    void randomCorruptionGivesAFormatErrorOrAMesh() throws IOException {
        TriangleMesh mesh = MeshGenerators.octahedron(1, 1);
        Path[] originals = {dir.resolve("o.off"), dir.resolve("o.obj"), dir.resolve("o-ascii.ply"),
            dir.resolve("o-binary.ply")};
        MeshIO.write(mesh, originals[0]);
        MeshIO.write(mesh, originals[1]);
        MeshIO.writePly(mesh, originals[2], MeshIO.PlyEncoding.ASCII);
        MeshIO.writePly(mesh, originals[3], MeshIO.PlyEncoding.BINARY_LITTLE_ENDIAN);
        Random random = new Random(20240601);
        byte[] alphabet = "0123456789-+.eE #\n\r\tnaNfx/\u0000".getBytes(StandardCharsets.ISO_8859_1);
        int parsed = 0;
        int rejected = 0;
        for (Path original : originals) {
            byte[] clean = Files.readAllBytes(original);
            for (int trial = 0; trial < 250; trial++) {
                byte[] bytes = corrupt(clean, random, alphabet);
                Path file = dir.resolve("fuzz-" + original.getFileName());
                Files.write(file, bytes);
                try {
                    TriangleMesh m = MeshIO.read(file);
                    parsed++;
                    MeshValidation v = MeshValidation.of(m);
                    MeshRepair.Result repaired = MeshRepair.repair(m);
                    assertTrue(repaired.mesh().vertexCount() <= m.vertexCount());
                    if (v.isValid()) {
                        HalfEdgeMesh h = HalfEdgeMesh.of(m);
                        MeshGeometry.of(h, NormalWeighting.AREA);
                    }
                } catch (MeshFormatException e) {
                    rejected++;
                    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
                } catch (Throwable t) {
                    fail("trial " + trial + " on " + original.getFileName() + " threw " + t, t);
                }
            }
        }
        assertTrue(parsed > 20 && rejected > 100, "parsed " + parsed + ", rejected " + rejected);
    }

    private static byte[] corrupt(byte[] clean, Random random, byte[] alphabet) {
        byte[] b = clean.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(5)) {
                case 0 -> b[at] = alphabet[random.nextInt(alphabet.length)];
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> {
                    int len = Math.min(1 + random.nextInt(8), b.length - at);
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, b.length - at - len);
                    b = c.length == 0 ? b : c;
                }
                case 3 -> {
                    int len = Math.min(1 + random.nextInt(8), b.length - at);
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
                default -> b = Arrays.copyOf(b, Math.max(1, at));
            }
        }
        return b;
    }
}
