package org.erlangen.mesh.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.erlangen.io.DatasetFormatException;
import org.erlangen.mesh.HalfEdgeMesh;
import org.erlangen.mesh.MeshCurvature;
import org.erlangen.mesh.TestData;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.mesh.gen.MeshGenerators;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshDatasetTest {
    @TempDir
    Path tmp;

    private static Path shrec() {
        Path p = Path.of("..", "..", "shared", "data", "shrec11-16");
        Assumptions.assumeTrue(Files.isDirectory(p), "shared data " + p + " not present");
        return p;
    }

    /** meshes.tsv: path to {class index, split, vertices, euler characteristic}. */
    private static Map<String, String[]> table(Path root) throws IOException {
        Map<String, String[]> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(root.resolve("meshes.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            rows.put(f[0], new String[] {f[2], f[3], f[4], f[7]});
        }
        return rows;
    }

    @Test
    void everyShrecMeshLoadsWithItsClassAndSplit() throws IOException {
        Path root = shrec();
        MeshDataset data = MeshDataset.read(root, MeshDataset.OnError.FAIL);
        Map<String, String[]> table = table(root);
        assertEquals(600, data.entries().size());
        assertEquals(30, data.classes().size());
        assertEquals("alien", data.classes().get(0));
        assertEquals("woman", data.classes().get(29));
        assertEquals(480, data.entries(MeshDataset.Split.TRAIN).size());
        assertEquals(120, data.entries(MeshDataset.Split.TEST).size());
        assertTrue(data.problems().isEmpty());
        int genusOne = 0;
        for (MeshDataset.Entry e : data.entries()) {
            String key = e.file().toString().replace('\\', '/');
            String[] expected = table.get(key);
            assertEquals(Integer.parseInt(expected[0]), e.label(), key + " class");
            assertEquals(expected[1], e.split().name().toLowerCase(), key + " split");
            TriangleMesh mesh = e.mesh();
            assertEquals(500, mesh.faceCount(), key);
            assertEquals(Integer.parseInt(expected[2]), mesh.vertexCount(), key);
            int euler = mesh.vertexCount() - 750 + mesh.faceCount();
            assertEquals(Integer.parseInt(expected[3]), euler, key + " Euler characteristic");
            // discrete Gauss-Bonnet holds on every mesh, the genus-1 ones included
            double defects = 0;
            for (double d : MeshCurvature.angleDefects(HalfEdgeMesh.of(mesh))) {
                defects += d;
            }
            assertEquals(2 * Math.PI * euler, defects, 1e-6, key);
            genusOne += euler == 0 ? 1 : 0;
        }
        assertEquals(12, genusOne);
    }

    @Test
    void theTableAndTheSplitFileGiveTheSameMeshes() throws IOException {
        Path root = shrec();
        MeshDataset folder = MeshDataset.read(root, MeshDataset.OnError.FAIL);
        MeshDataset table = MeshDataset.read(root.resolve("meshes.tsv"), MeshDataset.OnError.FAIL);
        assertEquals(folder.classes(), table.classes());
        assertEquals(folder.entries().size(), table.entries().size());
        Map<Path, MeshDataset.Entry> byFile = new HashMap<>();
        folder.entries().forEach(e -> byFile.put(e.file(), e));
        for (MeshDataset.Entry e : table.entries()) {
            MeshDataset.Entry f = byFile.get(e.file());
            assertEquals(f.label(), e.label(), e.file().toString());
            assertEquals(f.split(), e.split(), e.file().toString());
        }
        MeshDataset split10 = folder.withSplits(root.resolve("splits").resolve("split10_10-10_A.tsv"));
        assertEquals(600, split10.entries().size());
        for (String name : folder.classes()) {
            int c = folder.classes().indexOf(name);
            assertEquals(10, split10.entries(MeshDataset.Split.TRAIN).stream().filter(e -> e.label() == c).count());
            assertEquals(10, split10.entries(MeshDataset.Split.TEST).stream().filter(e -> e.label() == c).count());
        }
        // the split file moves 240 of its 300 test meshes out of the folders' train/
        assertEquals(240, split10.entries(MeshDataset.Split.TEST).stream()
                .filter(e -> e.file().toString().contains("train")).count());
    }

    private Path writeMesh(Path file, TriangleMesh mesh) throws IOException {
        Files.createDirectories(file.getParent());
        MeshIO.write(mesh, file);
        return file;
    }

    /** A folder with classes "ball" (train/test) and "ring" (no split), and one damaged OBJ in each. */
    private Path damagedFolder() throws IOException {
        Path root = tmp.resolve("meshes");
        writeMesh(root.resolve("ball/train/a.obj"), MeshGenerators.icosphere(1, 1));
        writeMesh(root.resolve("ball/test/b.off"), MeshGenerators.icosphere(1, 2));
        writeMesh(root.resolve("ring/c.ply"), MeshGenerators.torus(1, 0.3, 12, 6));
        Files.writeString(root.resolve("ball/train/broken.obj"), "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 x\n");
        Files.writeString(root.resolve("ring/outside.obj"), "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4\n");
        Files.writeString(root.resolve("ring/notes.txt"), "not a mesh\n");
        return root;
    }

    @Test
    void aDamagedFileFailsWithItsNameAndLine() throws IOException {
        Path root = damagedFolder();
        MeshFormatException e = assertThrows(MeshFormatException.class,
                () -> MeshDataset.read(root, MeshDataset.OnError.FAIL));
        assertTrue(e.getMessage().contains("broken.obj:4:"), e.getMessage());
        assertEquals(4, e.line());
    }

    @Test
    void damagedFilesAreSkippedAndReportedWhenAsked() throws IOException {
        Path root = damagedFolder();
        MeshDataset data = MeshDataset.read(root, MeshDataset.OnError.SKIP);
        assertEquals(List.of("ball", "ring"), data.classes());
        assertEquals(3, data.entries().size());
        assertEquals(1, data.entries(MeshDataset.Split.TRAIN).size());
        assertEquals(1, data.entries(MeshDataset.Split.TEST).size());
        assertEquals(1, data.entries(MeshDataset.Split.NONE).size());
        assertEquals(1, data.entries(MeshDataset.Split.NONE).get(0).label());
        assertEquals(2, data.problems().size());
        assertTrue(data.problems().get(0).message().contains("broken.obj:4:"), data.problems().get(0).message());
        assertTrue(data.problems().get(1).message().contains("outside.obj:4:"), data.problems().get(1).message());
        assertTrue(data.problems().get(1).message().contains("4"), data.problems().get(1).message());
    }

    @Test
    void aMeshThatIsNotAManifoldIsReportedByLine() throws IOException {
        Path root = tmp.resolve("m");
        writeMesh(root.resolve("ok/a.obj"), MeshGenerators.icosphere(1, 1));
        // three faces on one edge (1, 2)
        TestData.write(root.resolve("ok"), "fan.obj", "v 0 0 0", "v 1 0 0", "v 0 1 0", "v 0 -1 0", "v 0 0 1",
                "f 1 2 3", "f 2 1 4", "f 1 2 5");
        MeshFormatException e = assertThrows(MeshFormatException.class,
                () -> MeshDataset.read(root, MeshDataset.OnError.FAIL));
        assertTrue(e.getMessage().contains("fan.obj:"), e.getMessage());
        assertTrue(e.line() >= 6, e.getMessage());
    }

    @Test
    void tablesAndSplitFilesNameTheirBadLines() throws IOException {
        Path root = damagedFolder();
        Files.delete(root.resolve("ball/train/broken.obj"));
        Files.delete(root.resolve("ring/outside.obj"));
        Path table = TestData.write(root, "list.csv", "path,label,split", "ball/train/a.obj,ball,train",
                "ring/c.ply,ring,sometimes");
        DatasetFormatException bad = assertThrows(DatasetFormatException.class,
                () -> MeshDataset.read(table, MeshDataset.OnError.FAIL));
        assertTrue(bad.getMessage().contains("list.csv:3:") && bad.getMessage().contains("sometimes"),
                bad.getMessage());
        Path noLabel = TestData.write(root, "nolabel.csv", "path,kind", "ring/c.ply,ring");
        DatasetFormatException missing = assertThrows(DatasetFormatException.class,
                () -> MeshDataset.read(noLabel, MeshDataset.OnError.FAIL));
        assertTrue(missing.getMessage().contains("'label' or 'class'"), missing.getMessage());
        Path good = TestData.write(root, "good.tsv", "path\tclass\tsplit", "ball/train/a.obj\tball\ttest",
                "ring/c.ply\tring\ttrain");
        MeshDataset data = MeshDataset.read(good, MeshDataset.OnError.FAIL);
        assertEquals(MeshDataset.Split.TEST, data.entries().get(0).split());
        Path split = TestData.write(root, "split.tsv", "path\tsplit5", "ring/c.ply\ttest", "ring/gone.obj\ttrain");
        DatasetFormatException unknown = assertThrows(DatasetFormatException.class, () -> data.withSplits(split));
        assertTrue(unknown.getMessage().contains("split.tsv:3:") && unknown.getMessage().contains("gone.obj"),
                unknown.getMessage());
        DatasetFormatException empty = assertThrows(DatasetFormatException.class,
                () -> MeshDataset.read(Files.createDirectories(tmp.resolve("empty/a")).getParent(),
                        MeshDataset.OnError.FAIL));
        assertTrue(empty.getMessage().contains("no mesh files"), empty.getMessage());
    }
}
