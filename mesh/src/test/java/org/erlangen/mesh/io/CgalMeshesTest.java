package org.erlangen.mesh.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.erlangen.mesh.HalfEdgeMesh;
import org.erlangen.mesh.MeshCurvature;
import org.erlangen.mesh.MeshGeometry;
import org.erlangen.mesh.MeshValidation;
import org.erlangen.mesh.NormalWeighting;
import org.erlangen.mesh.TestData;
import org.erlangen.mesh.TriangleMesh;
import org.junit.jupiter.api.Test;

/** All CGAL example meshes load, match the statistics of their SOURCE.md, and give finite geometry. */
class CgalMeshesTest {
    /** Per file: V, F, E, boundary edges, components, Euler characteristic, from the SOURCE.md table. */
    private static Map<String, int[]> table(Path root) throws IOException {
        Map<String, int[]> rows = new HashMap<>();
        for (String line : Files.readAllLines(root.resolve("SOURCE.md"))) {
            String[] cells = line.split("\\|");
            if (cells.length >= 9 && cells[1].strip().endsWith(".off") && cells[2].strip().matches("\\d+")) {
                int[] stats = new int[6];
                for (int i = 0; i < 6; i++) {
                    stats[i] = Integer.parseInt(cells[2 + i].strip());
                }
                rows.put(cells[1].strip(), stats);
            }
        }
        return rows;
    }

    @Test
    void everyMeshLoadsAndMatchesItsStatistics() throws IOException {
        Path root = TestData.cgalMeshes();
        Map<String, int[]> table = table(root);
        assertEquals(47, table.size(), "rows in SOURCE.md");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".off")).sorted().toList();
        }
        assertEquals(47, files.size());
        List<String> notClosed = new ArrayList<>();
        int closed = 0;
        for (Path file : files) {
            String key = root.relativize(file).toString().replace('\\', '/');
            int[] expected = table.get(key);
            MeshFile loaded = MeshIO.load(file);
            TriangleMesh mesh = loaded.mesh();
            MeshValidation v = loaded.validate();
            assertEquals(expected[0], mesh.vertexCount(), key + " vertices");
            assertEquals(expected[1], mesh.faceCount(), key + " faces");
            assertEquals(expected[2], v.edgeCount(), key + " edges");
            assertEquals(expected[3], v.boundaryEdgeCount(), key + " boundary edges");
            assertEquals(expected[4], v.componentCount(), key + " components");
            assertEquals(expected[5], v.eulerCharacteristic(), key + " Euler characteristic");
            boolean shouldBeClosed = key.startsWith("closed/");
            if (shouldBeClosed && !v.isClosed()) {
                notClosed.add(key + ": " + v.report(3));
            }
            if (!shouldBeClosed) {
                assertTrue(v.isValid() && !v.isClosed(), key + ": " + v.report(3));
            }
            if (!v.isValid()) {
                continue;
            }
            closed += v.isClosed() ? 1 : 0;
            HalfEdgeMesh h = HalfEdgeMesh.of(mesh);
            MeshGeometry g = MeshGeometry.of(h, NormalWeighting.AREA);
            assertEquals(2 * h.edgeCount(), g.edgeCount(), key + ": both directions of every edge, boundary ones too");
            for (int e = 0; e < g.edgeCount(); e++) {
                assertTrue(Double.isFinite(g.angle()[e]) && Double.isFinite(g.connection()[e])
                        && g.radius()[e] > 0, key + " edge " + e);
            }
            for (double x : g.frames().xAxes()) {
                assertTrue(Double.isFinite(x), key);
            }
            if (v.isClosed()) {
                double total = 0;
                for (double d : MeshCurvature.angleDefects(h)) {
                    total += d;
                }
                assertEquals(2 * Math.PI * v.eulerCharacteristic(), total, 1e-6, key + " Gauss-Bonnet");
            }
        }
        assertTrue(notClosed.isEmpty(), "closed meshes that do not validate as closed manifolds:\n"
                + String.join("\n", notClosed));
        assertEquals(41, closed);
    }
}
