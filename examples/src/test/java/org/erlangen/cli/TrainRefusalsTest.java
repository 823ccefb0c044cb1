package org.erlangen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.erlangen.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A command line that never reports what did not happen: meaningless settings and datasets that cannot support the
 * task are one line on stderr and exit code 2, and an existing output folder is left as it was.
 */
class TrainRefusalsTest {
    @TempDir
    Path tmp;

    /**
     * A TUDataset folder of path graphs whose class (of {@code classes}, labelled 1..classes) is the node label that
     * more than half of a graph's nodes carry.
     */
    static Path writeTu(Path folder, String name, int graphs, int classes, long seed) throws IOException {
        Files.createDirectories(folder);
        Random random = new Random(seed);
        List<String> edges = new ArrayList<>();
        List<String> indicator = new ArrayList<>();
        List<String> nodeLabels = new ArrayList<>();
        List<String> graphLabels = new ArrayList<>();
        int first = 1;
        for (int g = 0; g < graphs; g++) {
            int label = g % classes;
            int n = 5 + random.nextInt(6);
            for (int v = 0; v < n; v++) {
                indicator.add(Integer.toString(g + 1));
                nodeLabels.add(Integer.toString(v < n / 2 + 1 ? label : random.nextInt(Math.max(classes, 2))));
                if (v > 0) {
                    edges.add((first + v - 1) + ", " + (first + v));
                    edges.add((first + v) + ", " + (first + v - 1));
                }
            }
            graphLabels.add(Integer.toString(label + 1));
            first += n;
        }
        Files.write(folder.resolve(name + "_A.txt"), edges, StandardCharsets.UTF_8);
        Files.write(folder.resolve(name + "_graph_indicator.txt"), indicator, StandardCharsets.UTF_8);
        Files.write(folder.resolve(name + "_node_labels.txt"), nodeLabels, StandardCharsets.UTF_8);
        Files.write(folder.resolve(name + "_graph_labels.txt"), graphLabels, StandardCharsets.UTF_8);
        return folder;
    }

    private Path existingOutput() throws IOException {
        Path out = tmp.resolve("earlier-run");
        Files.createDirectories(out);
        Files.writeString(out.resolve("model.safetensors"), "a good earlier model");
        Files.writeString(out.resolve("notes.txt"), "mine");
        return out;
    }

    /** Nothing but the target folder (if it existed) beside it: no temporary folders left behind. */
    private void assertNoLeftovers() throws IOException {
        try (Stream<Path> list = Files.list(tmp)) {
            List<String> names = list.map(p -> p.getFileName().toString()).filter(n -> n.contains(".partial-"))
                    .toList();
            assertTrue(names.isEmpty(), "temporary folders left: " + names);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--epochs|0|--epochs must be at least 1, got 0",
        "--seeds|0|--seeds must be at least 1, got 0",
        "--folds|1|--folds must be 0 (one split per seed) or at least 2, got 1",
        "--folds|-3|--folds must be 0 (one split per seed) or at least 2, got -3",
        "--hidden|0|--hidden must be at least 1, got 0",
        "--layers|-1|--layers must be at least 1, got -1",
        "--batch-size|0|--batch-size must be at least 1, got 0",
        "--heads|0|--heads must be at least 1, got 0",
        "--patience|-1|--patience must be at least 0, got -1",
        "--lr|0|--lr must be a positive number, got 0",
        "--lr|NaN|--lr must be a positive number, got NaN",
        "--dropout|1|--dropout must be in [0, 1), got 1",
        "--weight-decay|-0.1|--weight-decay must be zero or more, got -0.1",
        "--readout|median|--readout must be sum, mean or max, got 'median'",
        "--norm|layer|--norm must be none or batch, got 'layer'",
    })
    void meaninglessSettingsAreRefusedUpFrontAndTouchNothing(String option, String value, String message)
            throws IOException {
        Path data = writeTu(tmp.resolve("tu"), "THREE", 30, 3, 1);
        Path out = existingOutput();
        Map<String, String> before = CliRun.snapshot(out);
        CliRun run = CliRun.of("train", "--dataset", data.toString(), "--out", out.toString(), option, value);
        assertEquals(2, run.code(), run.out() + run.err());
        assertEquals("erlangen train: " + message, run.err().strip());
        assertEquals("", run.out(), "nothing reported");
        assertEquals(before, CliRun.snapshot(out));
        assertNoLeftovers();
    }

    @Test
    void foldsWithSeedsOrOnNodeTasksAreRefused() throws IOException {
        Path data = writeTu(tmp.resolve("tu"), "THREE", 30, 3, 1);
        CliRun both = CliRun.of("train", "--dataset", data.toString(), "--folds", "3", "--seeds", "2");
        assertEquals(2, both.code());
        assertEquals("erlangen train: --folds and --seeds both repeat training; give one of them", both.err().strip());
        Path nodes = tmp.resolve("users.csv");
        Path edges = tmp.resolve("links.csv");
        TrainTablesTest.writeUsers(nodes, edges, 30, 0, 1);
        CliRun nodeFolds = CliRun.of("train", "--nodes", nodes.toString(), "--edges", edges.toString(), "--target",
                "label", "--folds", "5", "--out", tmp.resolve("never").toString());
        assertEquals(2, nodeFolds.code());
        assertTrue(nodeFolds.err().contains("--folds is for graph tasks; nodeClassification uses --seeds"),
                nodeFolds.err());
        assertTrue(Files.notExists(tmp.resolve("never")));
    }

    @Test
    void aDatasetWithOneClassIsRefused() throws IOException {
        Path data = writeTu(tmp.resolve("one"), "ONE", 20, 1, 2);
        Path out = existingOutput();
        Map<String, String> before = CliRun.snapshot(out);
        CliRun run = CliRun.of("train", "--dataset", data.toString(), "--epochs", "2", "--out", out.toString());
        assertEquals(2, run.code(), run.out());
        assertEquals("erlangen train: classification needs two or more classes, but all 20 labelled graphs have "
                + "class '1'", run.err().strip());
        assertEquals(before, CliRun.snapshot(out));
        assertNoLeftovers();

        Path nodes = tmp.resolve("same.csv");
        Files.write(nodes, List.of("id,x,label", "a,1,yes", "b,2,yes", "c,3,"));
        Path edges = tmp.resolve("e.csv");
        Files.write(edges, List.of("source,target", "a,b"));
        CliRun table = CliRun.of("train", "--nodes", nodes.toString(), "--edges", edges.toString(), "--target",
                "label", "--out", out.toString());
        assertEquals(2, table.code());
        assertEquals("erlangen train: classification needs two or more classes, but all 2 labelled nodes have "
                + "class 'yes'", table.err().strip());
        assertEquals(before, CliRun.snapshot(out));
    }

    @Test
    void aSuccessfulRunReplacesItsOwnFilesAndKeepsTheOthers() throws IOException {
        Path data = writeTu(tmp.resolve("tu"), "THREE", 30, 3, 1);
        Path out = existingOutput();
        CliRun run = CliRun.of("train", "--dataset", data.toString(), "--epochs", "2", "--hidden", "8", "--out",
                out.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        assertEquals("gin", ModelFile.read(out.resolve("model.safetensors")).config().get("layer").getAsString());
        assertTrue(Files.size(out.resolve("metrics.json")) > 0 && Files.size(out.resolve("curves.png")) > 0);
        assertNoLeftovers();
    }

    @Test
    void aNewOutputFolderAppearsOnlyWhenTheRunSucceeds() throws IOException {
        Path data = writeTu(tmp.resolve("tu"), "THREE", 30, 3, 1);
        Path out = tmp.resolve("deep").resolve("runs").resolve("x");
        CliRun failed = CliRun.of("train", "--dataset", data.toString(), "--task", "linkPrediction", "--out",
                out.toString());
        assertEquals(2, failed.code(), failed.out());
        assertTrue(failed.err().contains("linkPrediction needs an edge list or a Planetoid folder"), failed.err());
        assertTrue(Files.notExists(tmp.resolve("deep")), "no empty folders");
        assertNoLeftovers();
        CliRun ok = CliRun.of("train", "--dataset", data.toString(), "--epochs", "1", "--out", out.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
    }

    @Test
    void threeClassesFromATuFolderUnderCrossValidation() throws IOException {
        Path data = writeTu(tmp.resolve("tu3"), "THREE", 90, 3, 7);
        Path out = tmp.resolve("three");
        CliRun run = CliRun.of("train", "--dataset", data.toString(), "--folds", "3", "--epochs", "40",
                "--hidden", "16", "--layers", "2", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.lastLine().matches("mean_accuracy=(\\d\\.\\d{4}) std_accuracy=\\d\\.\\d{4} runs=3 epochs=40 "
                + "seconds=\\d+\\.\\d"), run.lastLine());
        double mean = Double.parseDouble(run.lastLine().replaceAll("mean_accuracy=(\\S+) .*", "$1"));
        assertTrue(mean >= 0.8, run.lastLine());
        var config = ModelFile.read(out.resolve("model.safetensors")).config();
        assertEquals(3, config.get("out").getAsInt(), "an output per class");
        assertEquals(3, config.get("in").getAsInt(), "node labels 0..2, one-hot");
    }
}
