package org.erlangen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train on an RDF entity folder: R-GCN by default, its figures line, and the refusals around it. */
class TrainRdfCliTest {
    @TempDir
    Path tmp;

    /** People linked to one of two groups by worksIn or visits; the class is which predicate links them. */
    private Path folder() throws Exception {
        Path f = tmp.resolve("rdf");
        Files.createDirectories(f);
        List<String> triples = new ArrayList<>();
        List<String> train = new ArrayList<>(List.of("person\tid\tlabel"));
        List<String> test = new ArrayList<>(List.of("person\tid\tlabel"));
        for (int p = 0; p < 30; p++) {
            String predicate = p % 2 == 0 ? "<http://x/worksIn>" : "<http://x/visits>";
            triples.add("<http://x/p" + p + "> " + predicate + " <http://x/g" + (p % 3 == 0 ? 1 : 2) + "> .");
            triples.add("<http://x/p" + p + "> <http://x/name> \"P" + p + "\" .");
            (p < 20 ? train : test).add("http://x/p" + p + "\t" + p + ".0\t" + (p % 2 == 0 ? "staff" : "guest"));
        }
        Files.write(f.resolve("people_stripped.nt"), triples);
        Files.write(f.resolve("trainingSet.tsv"), train);
        Files.write(f.resolve("testSet.tsv"), test);
        return f;
    }

    @Test
    void trainsRgcnOnAnRdfFolderAndEndsWithItsAccuracy() throws Exception {
        Path data = folder();
        CliRun run = CliRun.of("train", "--dataset", data.toString(), "--epochs", "30", "--hidden", "8", "--out",
                tmp.resolve("out").toString());
        assertEquals(0, run.code(), run.err() + run.out());
        assertTrue(run.out().contains("rdf: 62 nodes, 3 relations (and their inverses), 60 triples; 20 training and "
                + "10 test entities in 2 classes"), run.out());
        String[] lines = run.out().strip().split("\n");
        assertEquals("test_accuracy=1.0000 epochs=30", lines[lines.length - 1].replaceAll(" seconds=.*", ""));
        assertTrue(Files.size(tmp.resolve("out").resolve("model.safetensors")) > 0);
    }

    @Test
    void rgcnAndRdfFoldersGoTogether() throws Exception {
        Path data = folder();
        CliRun gcn = CliRun.of("train", "--dataset", data.toString(), "--model", "gcn", "--out",
                tmp.resolve("a").toString());
        assertEquals(2, gcn.code());
        assertTrue(gcn.err().contains("an RDF entity folder trains --model rgcn, not gcn"), gcn.err());
        Path edges = Files.writeString(tmp.resolve("edges.txt"), "0 1\n1 2\n");
        CliRun rgcn = CliRun.of("train", "--dataset", edges.toString(), "--model", "rgcn", "--out",
                tmp.resolve("b").toString());
        assertEquals(2, rgcn.code());
        assertTrue(rgcn.err().contains("--model rgcn trains on an RDF entity folder"), rgcn.err());
        CliRun fanouts = CliRun.of("train", "--dataset", data.toString(), "--fanouts", "5,5", "--out",
                tmp.resolve("d").toString());
        assertEquals(2, fanouts.code());
        assertTrue(fanouts.err().contains("R-GCN on an RDF folder trains full-graph"), fanouts.err());
        CliRun bases = CliRun.of("train", "--dataset", edges.toString(), "--bases", "4", "--out",
                tmp.resolve("e").toString());
        assertEquals(2, bases.code());
        assertTrue(bases.err().contains("--bases is for --model rgcn"), bases.err());
        Files.writeString(data.resolve("testSet.tsv"), "person\tid\tlabel\nhttp://x/nobody\t1.0\tstaff\n");
        CliRun missing = CliRun.of("train", "--dataset", data.toString(), "--out", tmp.resolve("c").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("testSet.tsv:2:") && missing.err().contains("http://x/nobody"),
                missing.err());
        assertTrue(!Files.exists(tmp.resolve("c")), "no output folder after a refusal");
    }
}
