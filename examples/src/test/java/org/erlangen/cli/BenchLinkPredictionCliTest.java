package org.erlangen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench linkprediction} on a small LightGraphs file: its figure line, and a missing file refused. */
class BenchLinkPredictionCliTest {
    @TempDir
    Path folder;

    /** 120 nodes in three communities of 40, linked inside with probability 0.2, across 0.005; LG format, 1-based. */
    private Path communities() throws Exception {
        Random random = new Random(2);
        List<String> lines = new ArrayList<>();
        for (int a = 1; a <= 120; a++) {
            for (int b = a + 1; b <= 120; b++) {
                if (random.nextDouble() < ((a - 1) / 40 == (b - 1) / 40 ? 0.2 : 0.005)) {
                    lines.add(a + "," + b);
                }
            }
        }
        lines.add(0, "120," + lines.size() + ",u,communities");
        Path file = folder.resolve("communities.lg.txt");
        Files.write(file, lines);
        return file;
    }

    @Test
    void endsWithBothSidesFigures() throws Exception {
        Path graph = communities();
        int links = Files.readAllLines(graph).size() - 1;
        CliRun run = CliRun.of("bench", "linkprediction", "--graph", graph.toString(), "--embedding-dimension", "16",
                "--concurrency", "1", "--no-fastrp");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.lastLine().matches("erlangen_test_auc=0\\.\\d{4} erlangen_test_aucpr=0\\.\\d{4} "
                + "gds_test_auc=0\\.\\d{4} gds_test_aucpr=0\\.\\d{4} erlangen_train_s=\\d+\\.\\d gds_train_s=\\d+\\.\\d "
                + "gds_reported_test_aucpr=\\d\\.\\d{4} fastrp_s=\\d+\\.\\d project_s=\\d+\\.\\d load_s=\\d+\\.\\d "
                + "erlangen_train_peak_gib=\\d+\\.\\d\\d gds_train_peak_gib=\\d+\\.\\d\\d nodes=120 relationships="
                + links + " test_links=" + Math.round(links * 0.1)), run.lastLine());
    }

    @Test
    void refusesAMissingGraphFile() {
        CliRun run = CliRun.of("bench", "linkprediction", "--graph", folder.resolve("none.lg.txt").toString());
        assertTrue(run.code() != 0);
        assertTrue(run.err().contains("no graph file at") && run.err().contains("--graph"), run.err());
        assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
    }
}
