package org.erlangen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErlangenCliTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void benchGcnEndsWithKeyValueFigures() {
        CliRun run = run("bench", "gcn", "--nodes", "3000", "--edges", "20000", "--steps", "2", "--warmup", "1",
                "--no-pytorch");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.lastLine().matches("erlangen_ms=\\d+\\.\\d threads=\\d+"), run.lastLine());
    }

    @Test
    void benchGatEndsWithKeyValueFigures() {
        // the default warm-up (no --warmup)
        CliRun run = run("bench", "gat", "--nodes", "500", "--edges", "4000", "--steps", "2", "--no-pytorch");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("GAT step: 500 nodes, 4,000 edges"), run.out());
        assertTrue(run.lastLine().matches("erlangen_ms=\\d+\\.\\d threads=\\d+"), run.lastLine());
    }

    @Test
    void benchGinEndsWithKeyValueFiguresOnRandomGraphsWithoutData() {
        // the default warm-up of 300 steps (no --warmup): small graphs, so well under a second
        CliRun run = run("bench", "gin", "--data", "no-such-folder", "--batch", "6", "--steps", "2", "--no-pytorch");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("GIN step: 6 random graphs"), run.out());
        assertTrue(run.lastLine().matches("erlangen_ms=\\d+\\.\\d threads=\\d+"), run.lastLine());
        CliRun bad = run("bench", "gin", "--batch", "0", "--no-pytorch");
        assertTrue(bad.code() != 0);
        assertTrue(bad.err().contains("--batch"), bad.err());
    }

    @Test
    void benchS2cnnEndsWithKeyValueFigures() {
        CliRun run = run("bench", "s2cnn", "--bandwidth", "4", "--channels", "4", "--batch", "8", "--steps", "2",
                "--warmup", "1", "--no-pytorch");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("S2CNN step: 8 signals on a 8x8 grid (bandwidth 4)"), run.out());
        assertTrue(run.lastLine().matches("erlangen_ms=\\d+\\.\\d threads=\\d+"), run.lastLine());
        CliRun bad = run("bench", "s2cnn", "--batch", "0", "--no-pytorch");
        assertTrue(bad.code() != 0);
        assertTrue(bad.err().contains("--batch"), bad.err());
    }

    @Test
    void unknownCommandsAndBadOptionsFailWithoutAStackTrace() {
        CliRun unknown = run("no-such-command");
        assertTrue(unknown.code() != 0);
        assertTrue(unknown.err().contains("no-such-command"), unknown.err());
        CliRun bad = run("bench", "gcn", "--nodes", "many");
        assertTrue(bad.code() != 0);
        assertTrue(bad.err().contains("--nodes"), bad.err());
        assertTrue(!bad.err().contains("\tat "), "no stack trace: " + bad.err());
    }

    @Test
    void helpListsTheCommands() {
        CliRun help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("demo") && help.out().contains("bench"), help.out());
    }


    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;

    private static java.nio.file.Path shared(String name) {
        var path = java.nio.file.Path.of("..", "..", "shared", "data", name).toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(path), "needs " + path);
        return path;
    }

    @Test
    void trainWritesModelMetricsAndPlotAndEndsWithFigures() throws Exception {
        var out = tmp.resolve("run");
        // the settings graph classification had before its defaults became Xu et al.'s recipe, at learning rate 0.1:
        // three epochs of that recipe learn a constant, and the figures line would end with a warning
        CliRun run = run("train", "--dataset", shared("tu-mutag").toString(), "--model", "gcn", "--epochs", "3",
                "--hidden", "8", "--layers", "2", "--lr", "0.1", "--head", "mlp", "--norm", "none", "--dropout", "0.5",
                "--lr-step", "0", "--batch-size", "64", "--no-tie-break", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.lastLine().matches("test_accuracy=\\d\\.\\d{4} epochs=3 seconds=\\d+\\.\\d"), run.lastLine());
        for (String file : new String[] {"model.safetensors", "metrics.json", "curves.png"}) {
            assertTrue(java.nio.file.Files.size(out.resolve(file)) > 0, file);
        }
        var config = org.erlangen.io.ModelFile.read(out.resolve("model.safetensors")).config();
        assertEquals("gcn", config.get("layer").getAsString());
        assertEquals("graph", config.get("task").getAsString());
    }

    @Test
    void trainStoresTheJkHeadInTheModelFileAndRejectsUnknownHeads() throws Exception {
        var out = tmp.resolve("jk");
        CliRun run = run("train", "--dataset", shared("tu-mutag").toString(), "--model", "gin", "--epochs", "2",
                "--hidden", "8", "--layers", "2", "--norm", "batch", "--head", "jk", "--lr-step", "1", "--out",
                out.toString());
        assertEquals(0, run.code(), run.err());
        var file = org.erlangen.io.ModelFile.read(out.resolve("model.safetensors"));
        assertEquals("jk", file.config().get("head").getAsString());
        assertTrue(file.tensors().containsKey("jkHead2.weight") && file.tensors().containsKey("jkNorm1.running_mean"),
                file.tensors().keySet().toString());
        CliRun bad = run("train", "--dataset", shared("tu-mutag").toString(), "--model", "gin", "--head", "deep");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--head must be mlp or jk"), bad.err());
        CliRun badDecay = run("train", "--dataset", shared("tu-mutag").toString(), "--lr-step", "5", "--lr-factor", "2");
        assertEquals(2, badDecay.code());
        assertTrue(badDecay.err().contains("--lr-factor"), badDecay.err());
    }

    @Test
    void trainRejectsUnknownModelsAndMissingFoldersInOneLine() {
        CliRun unknown = run("train", "--dataset", tmp.toString(), "--model", "no-such-layer");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown layer 'no-such-layer'"), unknown.err());
        CliRun missing = run("train", "--dataset", tmp.resolve("absent").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such dataset"), missing.err());
        assertTrue(!missing.err().contains("\tat "), missing.err());
    }
}
