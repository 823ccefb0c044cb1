package org.erlangen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --fanouts}: node classification in mini-batches of sampled neighbourhoods, from the command line. */
class TrainSampledCliTest {
    private static final Path CORA = Path.of("..", "..", "shared", "data", "cora", "planetoid");

    @TempDir
    Path tmp;

    @Test
    void coraTrainsInMiniBatchesAndReportsTestAccuracy() {
        CliRun run = CliRun.of("train", "--dataset", CORA.toString(), "--model", "sage", "--fanouts", "5,5",
                "--batch-size", "32", "--epochs", "3", "--out", tmp.resolve("run").toString());
        assertEquals(0, run.code(), run.err());
        String[] lines = run.out().strip().split("\n");
        // 140 training nodes in batches of 32: one line per epoch, not per batch, without a terminal
        assertEquals(3, run.out().lines().filter(l -> l.startsWith("seed 0 epoch ")).count(), run.out());
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("test_accuracy="), last);
        double accuracy = Double.parseDouble(last.split(" ")[0].split("=")[1]);
        assertTrue(accuracy > 0.3, "three epochs of mini-batches on Cora: " + accuracy);
    }

    @Test
    void fanoutsThatDoNotFitTheTaskOrTheLayersAreRefused() {
        CliRun perLayer = CliRun.of("train", "--dataset", CORA.toString(), "--fanouts", "5,5,5", "--epochs", "1",
                "--out", tmp.resolve("a").toString());
        assertEquals(2, perLayer.code());
        assertTrue(perLayer.err().contains("--fanouts gives 3 hops for 2 layers"), perLayer.err());
        CliRun zero = CliRun.of("train", "--dataset", CORA.toString(), "--fanouts", "5,0", "--epochs", "1",
                "--out", tmp.resolve("b").toString());
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--fanouts takes a count of at least 1 per hop, or -1"), zero.err());
        CliRun graphTask = CliRun.of("train", "--dataset", CORA.toString(), "--task", "linkPrediction",
                "--fanouts", "5,5", "--out", tmp.resolve("c").toString());
        assertEquals(2, graphTask.code());
        assertTrue(graphTask.err().contains("--fanouts is for nodeClassification"), graphTask.err());
    }
}
