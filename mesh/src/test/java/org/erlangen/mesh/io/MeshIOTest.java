package org.erlangen.mesh.io;

import static org.erlangen.mesh.TestData.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.erlangen.mesh.MeshSource;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.mesh.gen.MeshGenerators;
import org.erlangen.mesh.gen.MeshTransforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshIOTest {
    @TempDir
    Path dir;

    /** A mesh with awkward doubles (from a rotation), so that a lossy writer would show. */
    private static TriangleMesh awkward() {
        return MeshTransforms.randomRotation(MeshGenerators.icosphere(1.7, 2), 5);
    }

    @Test
    void everyFormatRoundTripsExactly() throws IOException {
        TriangleMesh mesh = awkward();
        for (String name : new String[] {"m.off", "m.obj", "m.ply", "M.OFF"}) {
            Path file = dir.resolve(name);
            MeshIO.write(mesh, file);
            TriangleMesh back = MeshIO.read(file);
            assertTrue(mesh.sameAs(back), name + " did not round-trip");
        }
        for (MeshIO.PlyEncoding encoding : MeshIO.PlyEncoding.values()) {
            Path file = dir.resolve("m-" + encoding + ".ply");
            MeshIO.writePly(mesh, file, encoding);
            assertTrue(mesh.sameAs(MeshIO.read(file)), encoding + " did not round-trip");
        }
    }

    @Test
    void binaryPlyIsLittleEndianByDefaultAndSourceCountsBytes() throws IOException {
        Path file = dir.resolve("t.ply");
        MeshIO.write(MeshGenerators.tetrahedron(1, 0), file);
        String head = new String(Files.readAllBytes(file), 0, 40, StandardCharsets.ISO_8859_1);
        assertTrue(head.contains("format binary_little_endian 1.0"), head);
        MeshFile loaded = MeshIO.load(file);
        assertEquals(MeshSource.Unit.BYTE, loaded.source().unit());
        int headerEnd = indexOf(Files.readAllBytes(file), "end_header\n") + "end_header\n".length();
        assertEquals(headerEnd, loaded.source().vertexLocation(0));
        assertEquals(headerEnd + 24, loaded.source().vertexLocation(1));
        assertEquals(headerEnd + 4 * 24 + 13, loaded.source().faceLocation(1));
    }

    @Test
    void offWithCommentsColoursPolygonsAndCountsOnHeaderLine() throws IOException {
        Path file = write(dir, "q.off",
                "# a comment before the header",
                "COFF 5 2 0",
                "0 0 0 255 0 0 255  # vertex with a colour",
                "1 0 0 255 0 0 255",
                "",
                "1 1 0 255 0 0 255",
                "0 1 0 255 0 0 255",
                "0.5 0.5 1 255 0 0 255",
                "4 0 1 2 3 0.5 0.5 0.5",
                "3 0 1 4");
        MeshFile loaded = MeshIO.load(file);
        TriangleMesh mesh = loaded.mesh();
        assertEquals(5, mesh.vertexCount());
        assertEquals(3, mesh.faceCount(), "the quad becomes a fan of two triangles");
        assertArrayEquals(new int[] {0, 1, 2, 0, 2, 3, 0, 1, 4}, mesh.faces());
        assertArrayEquals(new double[] {1, 1, 0}, mesh.position(2));
        assertEquals(6, loaded.source().vertexLocation(2), "line of the third vertex, after a blank line");
        assertEquals(9, loaded.source().faceLocation(0));
        assertEquals(9, loaded.source().faceLocation(1));
        assertEquals(10, loaded.source().faceLocation(2));
        assertEquals(file + ":10", loaded.source().locateFace(2));
    }

    @Test
    void objFaceFormsNegativeIndicesAndIgnoredStatements() throws IOException {
        Path file = write(dir, "q.obj",
                "mtllib x.mtl",
                "o thing",
                "v 0 0 0",
                "v 1 0 0",
                "v 1 1 0",
                "vt 0 0",
                "vn 0 0 1",
                "v 0 1 0 1.0",
                "g group",
                "s off",
                "usemtl red",
                "f 1/1/1 2/1/1 3/1/1",
                "f 1//1 3//1 4//1",
                "f -4 -3 -1",
                "f 1/2 2/2 3/2 4/2",
                "l 1 2",
                "v 0.5 0.5 1");
        TriangleMesh mesh = MeshIO.read(file);
        assertEquals(5, mesh.vertexCount());
        assertArrayEquals(new int[] {0, 1, 2, 0, 2, 3, 0, 1, 3, 0, 1, 2, 0, 2, 3}, mesh.faces());
        assertArrayEquals(new double[] {0.5, 0.5, 1}, mesh.position(4));
    }

    @Test
    void asciiPlyWithExtraPropertiesAndElements() throws IOException {
        Path file = write(dir, "q.ply",
                "ply",
                "format ascii 1.0",
                "comment made by hand",
                "obj_info nothing",
                "element vertex 4",
                "property float x",
                "property float y",
                "property float z",
                "property float nx",
                "property uchar red",
                "property list uchar float extra",
                "element face 2",
                "property uchar flags",
                "property list int uint vertex_index",
                "property float quality",
                "element edge 1",
                "property int vertex1",
                "property int vertex2",
                "end_header",
                "0 0 0 0.5 255 2 1.5 2.5",
                "1 0 0 0.5 255 0",
                "1 1 0 -0.5 0 1 7",
                "0 1 0 nan 0 0",
                "1 3 0 1 2 0.25",
                "0 3 0 2 3 0.75",
                "0 1");
        MeshFile loaded = MeshIO.load(file);
        assertArrayEquals(new int[] {0, 1, 2, 0, 2, 3}, loaded.mesh().faces());
        assertArrayEquals(new double[] {1, 1, 0}, loaded.mesh().position(2));
        assertEquals(MeshSource.Unit.LINE, loaded.source().unit());
        assertEquals(22, loaded.source().vertexLocation(2));
        assertEquals(25, loaded.source().faceLocation(1));
    }

    @Test
    void binaryPlyWithFloatCoordinatesIntCountsAndSkippedProperties() throws IOException {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            String header = "ply\nformat " + (order == ByteOrder.LITTLE_ENDIAN ? "binary_little_endian"
                    : "binary_big_endian") + " 1.0\nelement vertex 3\nproperty float32 x\nproperty short s\n"
                    + "property float y\nproperty double z\nproperty list uchar int16 junk\nelement face 1\n"
                    + "property list int uint32 vertex_indices\nproperty double w\nend_header\n";
            ByteBuffer b = ByteBuffer.allocate(1000).order(order);
            b.put(header.getBytes(StandardCharsets.US_ASCII));
            float[][] xyz = {{0.1f, 0.2f, 0.3f}, {1.5f, -2f, 3f}, {4f, 5f, 6.25f}};
            for (int v = 0; v < 3; v++) {
                b.putFloat(xyz[v][0]).putShort((short) -7).putFloat(xyz[v][1]).putDouble(xyz[v][2]);
                b.put((byte) v);
                for (int k = 0; k < v; k++) {
                    b.putShort((short) 99);
                }
            }
            b.putInt(3).putInt(2).putInt(0).putInt(1).putDouble(0.5);
            Path file = dir.resolve("b-" + order + ".ply");
            Files.write(file, java.util.Arrays.copyOf(b.array(), b.position()));
            TriangleMesh mesh = MeshIO.read(file);
            assertArrayEquals(new int[] {2, 0, 1}, mesh.faces());
            assertEquals((double) 1.5f, mesh.coordinate(1, 0));
            assertEquals((double) -2f, mesh.coordinate(1, 1));
            assertEquals(6.25, mesh.coordinate(2, 2));
        }
    }

    @Test
    void unknownExtensionAndMissingFileAreFormatErrors() {
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> MeshIO.read(dir.resolve("x.stl")));
        assertTrue(e.getMessage().contains("x.stl") && e.getMessage().contains("'.stl'"), e.getMessage());
        e = assertThrows(MeshFormatException.class, () -> MeshIO.read(dir.resolve("missing.off")));
        assertTrue(e.getMessage().contains("missing.off: file not found"), e.getMessage());
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaries() throws IOException {
        Path file = dir.resolve("r.off");
        MeshIO.write(MeshGenerators.tetrahedron(1, 0), file);
        MeshIO.write(MeshGenerators.octahedron(1, 0), file);
        assertEquals(6, MeshIO.read(file).vertexCount());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    private static int indexOf(byte[] bytes, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + t.length <= bytes.length; i++) {
            for (int j = 0; j < t.length; j++) {
                if (bytes[i + j] != t[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
