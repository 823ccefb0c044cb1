package org.erlangen.mesh.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.erlangen.io.Fuzz;
import org.erlangen.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mesh readers fuzzed ({@link Fuzz}: a fixed number of seeded mutations per format, ASCII and binary PLY) and
 * fed the hostile files that once crashed them; each refuses with a {@link MeshFormatException}.
 */
class MeshFuzzTest {
    private static final int CASES = 2000;
    private static final String OFF = "OFF\n# a square pyramid\n5 5 0\n0 0 0\n1 0 0\n1 1 0\n0 1 0\n0.5 0.5 1\n"
            + "4 0 1 2 3\n3 0 1 4\n3 1 2 4\n3 2 3 4 255 0 0\n3 3 0 4\n";
    private static final String OBJ = "# a square pyramid\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nv 0.5 0.5 1\n"
            + "f 1 2 3 4\nf 1/1 2/2 5/3\nf 2//1 3//1 5//1\nf -3 -2 -1\nf 4 1 5\n";

    @TempDir
    Path dir;

    private static String ply() {
        return "ply\nformat ascii 1.0\ncomment a square pyramid\nelement vertex 5\nproperty float x\n"
                + "property float y\nproperty float z\nelement face 5\nproperty list uchar int vertex_indices\n"
                + "end_header\n0 0 0\n1 0 0\n1 1 0\n0 1 0\n0.5 0.5 1\n4 0 1 2 3\n3 0 1 4\n3 1 2 4\n3 2 3 4\n"
                + "3 3 0 4\n";
    }

    private static void read(Path file) throws IOException {
        MeshIO.load(file);
    }

    private void fuzz(String name, byte[] seed, long s) throws Exception {
        var result = Fuzz.file(name, seed, MeshFormatException.class).cases(CASES).seed(s)
                .run(dir.resolve(name), MeshFuzzTest::read);
        assertTrue(result.accepted() > 0 && result.refused() > 0, result.toString());
    }

    @Test
    void offSurvivesFuzzing() throws Exception {
        fuzz("m.off", OFF.getBytes(), 51);
    }

    @Test
    void objSurvivesFuzzing() throws Exception {
        fuzz("m.obj", OBJ.getBytes(), 52);
    }

    @Test
    void asciiPlySurvivesFuzzing() throws Exception {
        fuzz("m.ply", ply().getBytes(), 53);
    }

    @Test
    void binaryPlySurvivesFuzzing() throws Exception {
        Path text = Files.writeString(dir.resolve("text.ply"), ply());
        TriangleMesh mesh = MeshIO.read(text);
        Path binary = dir.resolve("binary.ply");
        MeshIO.writePly(mesh, binary, MeshIO.PlyEncoding.BINARY_LITTLE_ENDIAN);
        fuzz("b.ply", Files.readAllBytes(binary), 54);
    }

    private void assertRefused(String name, String content, String fragment) throws IOException {
        Path file = Files.writeString(dir.resolve(name), content);
        MeshFormatException e = assertThrows(MeshFormatException.class, () -> MeshIO.load(file));
        assertTrue(e.getMessage().contains(fragment), "message should contain '" + fragment + "': "
                + e.getMessage());
    }

    @Test
    void anOffFaceCannotDeclareTwoBillionCorners() throws IOException {
        assertRefused("corners.off", "OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n2147483647 0 1 2\n",
                "face 0 declares 2147483647 vertices but lists 3");
    }

    @Test
    void hugeDeclaredCountsAreRefusedWithoutAllocating() throws IOException {
        assertRefused("counts.off", "OFF\n2147483647 2147483647 0\n0 0 0\n", "file ends after 1 of 2147483647 "
                + "vertices");
        assertRefused("counts.ply", ply().replace("element vertex 5", "element vertex 2000000000"),
                "element vertex declares 2000000000 instances of 3 values, more than the");
        assertRefused("faces.ply", ply().replace("element face 5", "element face 2147483647"),
                "element face declares 2147483647 instances");
    }
}
