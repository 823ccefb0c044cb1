package org.erlangen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.mesh.gen.MeshGenerators;
import org.erlangen.mesh.gen.MeshTransforms;
import org.erlangen.mesh.io.MeshIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MeshClassifyCommandTest {
    @TempDir
    Path tmp;

    /** Runs the command; returns its exit code and standard output (and error) text. */
    private static String run(int[] code, String... args) {
        PrintStream original = System.out;
        var bytes = new ByteArrayOutputStream();
        var err = new StringWriter();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            CommandLine cli = new CommandLine(new MeshClassifyCommand());
            cli.setErr(new PrintWriter(err, true));
            cli.setExecutionExceptionHandler((e, c, p) -> {
                c.getErr().println(e.getMessage());
                return 2;
            });
            code[0] = cli.execute(args);
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8) + err;
    }

    @Test
    void trainsBothModelsWritesFilesAndEndsWithFigures() throws Exception {
        int[] code = new int[1];
        String out = run(code, "--classes", "3", "--train-per-class", "3", "--val-per-class", "1",
                "--test-per-class", "2", "--epochs", "2", "--channels", "2", "--baseline-hidden", "8",
                "--out", tmp.toString());
        assertEquals(0, code[0], out);
        String[] lines = out.strip().split("\n");
        assertTrue(out.contains("GEM features invariant; 2 epochs, 0 stretched copies per training mesh (up to "
                + "0.20), label smoothing 0.00, weight decay 0.0e+00"), out);
        String last = lines[lines.length - 1];
        assertTrue(last.matches("test_accuracy=\\d\\.\\d{4} rotated_test_accuracy=\\d\\.\\d{4} "
                + "baseline_test_accuracy=\\d\\.\\d{4} baseline_rotated_test_accuracy=\\d\\.\\d{4} seconds=\\d+\\.\\d"),
                last);
        assertTrue(Files.size(tmp.resolve("model.safetensors")) > 0);
        assertTrue(Files.size(tmp.resolve("curves.png")) > 0);
        assertTrue(out.contains("GEM-CNN"), out);
    }

    /** Two classes of mesh files in train/ and test/ folders, and a split file that swaps two of them. */
    private Path folder() throws Exception {
        Path root = tmp.resolve("meshes");
        for (int i = 0; i < 8; i++) {
            String name = i % 2 == 0 ? "ball" : "ring";
            TriangleMesh mesh = i % 2 == 0 ? MeshGenerators.icosphere(1 + 0.1 * i, 1)
                    : MeshGenerators.torus(1, 0.3 + 0.02 * i, 10, 6);
            Path file = root.resolve(name).resolve(i < 6 ? "train" : "test").resolve("m" + i + ".obj");
            Files.createDirectories(file.getParent());
            MeshIO.write(MeshTransforms.randomRotation(mesh, i), file);
        }
        return root;
    }

    @Test
    void trainsOnAFolderOfMeshFilesWithSeedsAndASplitFile() throws Exception {
        Path root = folder();
        int[] code = new int[1];
        Path out1 = tmp.resolve("out1");
        String out = run(code, "--dataset", root.toString(), "--epochs", "2", "--channels", "2", "--augment", "1",
                "--label-smoothing", "0.1", "--weight-decay", "1e-4", "--baseline-hidden", "8", "--seeds", "2",
                "--out", out1.toString());
        assertEquals(0, code[0], out);
        assertTrue(out.contains("2 classes from meshes; 6 training, 0 validation, 2 test meshes"), out);
        assertTrue(out.contains("GEM features heat_kernel; 2 epochs, 1 stretched copies per training mesh (up to "
                + "0.20), label smoothing 0.10, weight decay 1.0e-04"), out);
        assertTrue(out.contains("GEM-CNN (seed 1)"), out);
        String[] lines = out.strip().split("\n");
        assertTrue(lines[lines.length - 1].matches("test_accuracy=\\d\\.\\d{4} rotated_test_accuracy=\\d\\.\\d{4} "
                + "baseline_test_accuracy=\\d\\.\\d{4} baseline_rotated_test_accuracy=\\d\\.\\d{4} "
                + "test_accuracy_std=\\d\\.\\d{4} rotated_test_accuracy_std=\\d\\.\\d{4} seconds=\\d+\\.\\d"),
                lines[lines.length - 1]);
        assertTrue(Files.size(out1.resolve("model.safetensors")) > 0);

        Path split = Files.writeString(tmp.resolve("split.tsv"), "path\tsplit\nball/train/m0.obj\ttest\n"
                + "ring/train/m1.obj\ttest\nball/test/m6.obj\ttrain\nring/test/m7.obj\ttrain\n"
                + "ball/train/m2.obj\ttrain\nring/train/m3.obj\ttrain\n");
        out = run(code, "--dataset", root.toString(), "--split", split.toString(), "--epochs", "1", "--channels",
                "2", "--baseline-hidden", "8", "--out", tmp.resolve("out2").toString());
        assertEquals(0, code[0], out);
        assertTrue(out.contains("4 training, 0 validation, 2 test meshes"), out);
    }

    @Test
    void badDatasetsAreNamed() throws Exception {
        Path root = folder();
        Files.writeString(root.resolve("ball/train/bad.obj"), "v 0 0 0\nv 1 0 0\nf 1 2 3\n");
        int[] code = new int[1];
        String out = run(code, "--dataset", root.toString(), "--epochs", "1", "--out", tmp.resolve("o").toString());
        assertEquals(2, code[0], out);
        assertTrue(out.contains("bad.obj:3:"), out);
        assertTrue(!Files.exists(tmp.resolve("o")), "no half-written output folder");
        out = run(code, "--dataset", root.toString(), "--on-error", "skip", "--epochs", "1", "--channels", "2",
                "--baseline-hidden", "8", "--out", tmp.resolve("o").toString());
        assertEquals(0, code[0], out);
        assertTrue(out.contains("skipped ") && out.contains("bad.obj:3:"), out);
        Files.delete(root.resolve("ball/train/bad.obj"));
        Path unsplit = tmp.resolve("unsplit");
        Files.createDirectories(unsplit.resolve("a"));
        Files.createDirectories(unsplit.resolve("b"));
        MeshIO.write(MeshGenerators.icosphere(1, 1), unsplit.resolve("a/x.off"));
        MeshIO.write(MeshGenerators.torus(1, 0.3, 8, 5), unsplit.resolve("b/y.off"));
        out = run(code, "--dataset", unsplit.toString(), "--out", tmp.resolve("o2").toString());
        assertEquals(2, code[0], out);
        assertTrue(out.contains("0 training and 0 test meshes"), out);
        out = run(code, "--split", "x.tsv", "--out", tmp.resolve("o3").toString());
        assertEquals(2, code[0], out);
        assertTrue(out.contains("--split needs --dataset"), out);
    }

    @Test
    void badOptionsAreNamed() {
        var err = new StringWriter();
        CommandLine cli = new CommandLine(new MeshClassifyCommand());
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println(e.getMessage());
            return 2;
        });
        assertEquals(2, cli.execute("--classes", "9", "--out", tmp.toString()));
        assertTrue(err.toString().contains("--classes"), err.toString());
    }
}
