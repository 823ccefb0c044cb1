package org.erlangen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train on a folder of knowledge-graph triples: DistMult by default, filtered figures, and refusals. */
class TrainTriplesCliTest {
    @TempDir
    Path tmp;

    private Path folder() throws Exception {
        Path f = Files.createDirectories(tmp.resolve("kg"));
        List<String> train = new ArrayList<>();
        for (int p = 0; p < 30; p++) {
            train.add("e" + p + "\tmarried\te" + (p + 15) % 30);
            train.add("e" + p + "\tknows\te" + (p + 1) % 30 + "\r");
        }
        Files.write(f.resolve("train.txt"), train);
        Files.write(f.resolve("valid.txt"), List.of("e1\tmarried\te16", "e2\tknows\te3"));
        Files.write(f.resolve("test.txt"), List.of("e4\tmarried\te19", "e5\tknows\te6"));
        return f;
    }

    @Test
    void trainsDistMultAndEndsWithFilteredFigures() throws Exception {
        Path data = folder();
        CliRun run = CliRun.of("train", "--dataset", data.toString(), "--epochs", "3", "--hidden", "8",
                "--batch-size", "16", "--out", tmp.resolve("out").toString());
        assertEquals(0, run.code(), run.err() + run.out());
        assertTrue(run.out().contains("kg: 30 entities, 2 relations; 60 training, 2 validation, 2 test triples"),
                run.out());
        String[] lines = run.out().strip().split("\n");
        assertTrue(lines[lines.length - 1].matches("test_mrr=\\d\\.\\d{4} test_hits1=\\d\\.\\d{4} "
                + "test_hits3=\\d\\.\\d{4} test_hits10=\\d\\.\\d{4} seconds=\\d+\\.\\d"), lines[lines.length - 1]);
        assertTrue(Files.size(tmp.resolve("out").resolve("model.safetensors")) > 0);
        CliRun rgcn = CliRun.of("train", "--dataset", data.toString(), "--model", "rgcn", "--epochs", "2", "--hidden",
                "8", "--blocks", "2", "--batch-size", "16", "--out", tmp.resolve("rgcn").toString());
        assertEquals(0, rgcn.code(), rgcn.err() + rgcn.out());
        String[] last = rgcn.out().strip().split("\n");
        assertTrue(last[last.length - 1].startsWith("test_mrr="), last[last.length - 1]);
    }

    @Test
    void otherModelsAreRefusedOnTriples() throws Exception {
        Path data = folder();
        CliRun gcn = CliRun.of("train", "--dataset", data.toString(), "--model", "gcn", "--out",
                tmp.resolve("a").toString());
        assertEquals(2, gcn.code());
        assertTrue(gcn.err().contains("a triples folder trains --model distmult or rgcn, not gcn"), gcn.err());
        Files.writeString(data.resolve("test.txt"), "e1\te2\n");
        CliRun bad = CliRun.of("train", "--dataset", data.toString(), "--out", tmp.resolve("b").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("test.txt:1:"), bad.err());
    }
}
