package org.erlangen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.erlangen.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The findings on the command line: {@code --lr 1e30} exited 0 with an accuracy, one NaN feature gave a model
 * of NaN weights, and a model that learnt a constant reported its accuracy without a word. Now a diverging run and a
 * bad value give one line and exit code 2, a constant model a {@code warning=} figure, and scaling is stored with the
 * model unless {@code --no-scale-features}.
 */
class TrainingFailsLoudlyCliTest {
    @TempDir
    Path tmp;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /**
     * A TUDataset of 40 paths of 5 customers (200 nodes) with an age and an income each; class 1 when the path's
     * mean income is above 130,000, or, {@code alike}, every path the same with a random class. {@code badValue}
     * replaces the income of node 118 when not null.
     */
    private Path customers(String name, boolean alike, String badValue) throws IOException {
        Path folder = Files.createDirectories(tmp.resolve(name));
        Random random = new Random(1);
        List<String> labels = new ArrayList<>();
        List<String> indicator = new ArrayList<>();
        List<String> edges = new ArrayList<>();
        List<String> attributes = new ArrayList<>();
        for (int g = 0; g < 40; g++) {
            double incomes = 0;
            for (int i = 0; i < 5; i++) {
                int node = g * 5 + i + 1;
                long age = alike ? 40 : 18 + random.nextInt(73);
                long income = alike ? 50_000 : 10_000 + random.nextInt(240_001);
                incomes += income / 5.0;
                indicator.add(Integer.toString(g + 1));
                attributes.add(age + ", " + (node == 118 && badValue != null ? badValue : Long.toString(income)));
                if (i > 0) {
                    edges.add((node - 1) + ", " + node);
                    edges.add(node + ", " + (node - 1));
                }
            }
            labels.add(alike ? Integer.toString(random.nextInt(2)) : incomes > 130_000 ? "1" : "0");
        }
        Files.write(folder.resolve("C_graph_labels.txt"), labels);
        Files.write(folder.resolve("C_graph_indicator.txt"), indicator);
        Files.write(folder.resolve("C_A.txt"), edges);
        Files.write(folder.resolve("C_node_attributes.txt"), attributes);
        return folder;
    }

    @Test
    void learningRate1e30StopsWithOneLineAndExitCode2() throws IOException {
        CliRun run = run("train", "--dataset", customers("c", false, null).toString(), "--lr", "1e30", "--epochs", "5",
                "--out", tmp.resolve("out").toString());
        assertEquals(2, run.code(), run.out() + run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("erlangen train: training diverged at epoch "), run.err());
        assertTrue(run.err().contains("1.00e+30 at this step") && run.err().contains("feature scaling on"), run.err());
        assertFalse(Files.exists(tmp.resolve("out").resolve("model.safetensors")), "no model written");
    }

    @Test
    void aFeatureThatIsNotFiniteOnOneNodeOf200IsRefusedByFileAndLine() throws IOException {
        for (String bad : new String[] {"NaN", "Infinity", "1e300"}) {
            CliRun run = run("train", "--dataset", customers("bad-" + bad, false, bad).toString(), "--epochs", "2",
                    "--out", tmp.resolve("out-" + bad).toString());
            assertEquals(2, run.code(), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().contains("C_node_attributes.txt:118: expected attribute 2 (a finite number), found '"
                    + bad + "'"), run.err());
        }
    }

    @Test
    void aModelThatLearntAConstantEndsWithAWarningFigure() throws IOException {
        CliRun run = run("train", "--dataset", customers("alike", true, null).toString(), "--epochs", "5",
                "--out", tmp.resolve("alike-out").toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.lastLine().matches("test_accuracy=\\d\\.\\d{4} epochs=5 seconds=\\d+\\.\\d "
                + "warning=constant_predictions"), run.lastLine());
        assertTrue(run.out().contains("seed 0: warning: the model predicts class "), run.out());
    }

    @Test
    void scalingIsStoredWithTheModelUnlessTurnedOff() throws IOException {
        Path data = customers("scaled", false, null);
        CliRun scaled = run("train", "--dataset", data.toString(), "--epochs", "3", "--out", tmp.resolve("on").toString());
        assertEquals(0, scaled.code(), scaled.err());
        var on = ModelFile.read(tmp.resolve("on").resolve("model.safetensors"));
        assertTrue(on.config().get("scaleFeatures").getAsBoolean());
        assertTrue(on.tensors().get("scaling.scale").getDouble(1) > 10_000, "the incomes' spread");

        CliRun plain = run("train", "--dataset", data.toString(), "--epochs", "3", "--no-scale-features", "--out",
                tmp.resolve("off").toString());
        assertEquals(0, plain.code(), plain.err());
        var off = ModelFile.read(tmp.resolve("off").resolve("model.safetensors"));
        assertFalse(off.config().get("scaleFeatures").getAsBoolean());
        assertFalse(off.tensors().containsKey("scaling.scale"));
    }
}
