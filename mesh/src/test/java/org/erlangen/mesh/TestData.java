package org.erlangen.mesh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Shared data lookup and small-file helpers for the mesh tests. */
public final class TestData {
    private TestData() {
    }

    /** The CGAL example meshes (../../shared/data/cgal-meshes from the module); skips the test if absent. */
    public static Path cgalMeshes() {
        Path p = Path.of("..", "..", "shared", "data", "cgal-meshes");
        Assumptions.assumeTrue(Files.isDirectory(p), "shared data " + p + " not present");
        return p;
    }

    /** Writes lines, each ending in a newline. */
    public static Path write(Path dir, String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.ISO_8859_1);
        return file;
    }

    /** A unit square in z = 0 split into two counter-clockwise triangles (normal +z). */
    public static TriangleMesh square() {
        return TriangleMesh.of(new double[] {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0}, new int[] {0, 1, 2, 0, 2, 3});
    }

    /** A regular tetrahedron, outward. */
    public static TriangleMesh tetrahedron() {
        return TriangleMesh.of(new double[] {1, 1, 1, 1, -1, -1, -1, 1, -1, -1, -1, 1},
                new int[] {0, 1, 2, 0, 2, 3, 0, 3, 1, 1, 3, 2});
    }
}
