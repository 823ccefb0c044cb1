package org.erlangen.io;

import static org.erlangen.io.TestFiles.assertFormatError;
import static org.erlangen.io.TestFiles.shared;
import static org.erlangen.io.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RdfEntityReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsAifbAsRgcnCountsIt() throws IOException {
        Path folder = shared("aifb");
        assertEquals(DatasetFormat.RDF_ENTITIES, DatasetFormat.detect(folder));
        RdfEntityReader.Dataset data = RdfEntityReader.read(folder);
        // R-GCN Table 1: 8,285 entities, 45 relations, 29,043 edges
        assertEquals(8285, data.graph().numNodes());
        assertEquals(45, data.graph().relationCount());
        assertEquals(29043, data.graph().numEdges());
        assertEquals(140, data.trainNodes().length);
        assertEquals(36, data.testNodes().length);
        assertEquals(4, data.classes().size());
        assertTrue(data.classes().get(0).endsWith("id1instance"), data.classes().get(0));
        int[] trainCounts = new int[4];
        for (int l : data.trainLabels()) {
            trainCounts[l]++;
        }
        int[] testCounts = new int[4];
        for (int l : data.testLabels()) {
            testCounts[l]++;
        }
        assertArrayEquals(new int[] {58, 22, 48, 12}, trainCounts);
        assertArrayEquals(new int[] {15, 6, 12, 3}, testCounts);
        long literals = data.nodes().stream().filter(t -> t.startsWith("\"")).count();
        long blanks = data.nodes().stream().filter(t -> t.startsWith("_:")).count();
        assertEquals(5450, literals);
        assertEquals(152, blanks);
    }

    private Path folder(String... triples) throws IOException {
        Path f = tmp.resolve("rdf");
        java.nio.file.Files.createDirectories(f);
        write(f, "tiny.nt", triples);
        write(f, "trainingSet.tsv", "person\tid\tlabel", "http://x/a\t1.0\tred", "http://x/b\t2.0\tblue");
        write(f, "testSet.tsv", "person\tid\tlabel", "http://x/c\t3.0\tred");
        return f;
    }

    @Test
    void termsAreKeptAsWrittenWithTheirLanguageAndType() throws IOException {
        Path f = folder("# a comment", "<http://x/a> <http://x/p> \"say \\\"hi\\\" . now\"@en-GB .",
                "<http://x/b> <http://x/p> \"12\"^^<http://www.w3.org/2001/XMLSchema#int> .",
                "_:b1 <http://x/q> <http://x/c> .", "", "<http://x/c>\t<http://x/q>\t_:b1 .   # trailing",
                "<http://x/a> <http://x/q> <http://x/b> .");
        RdfEntityReader.Dataset data = RdfEntityReader.read(f);
        assertEquals(List.of("<http://x/a>", "\"say \\\"hi\\\" . now\"@en-GB", "<http://x/b>",
                "\"12\"^^<http://www.w3.org/2001/XMLSchema#int>", "_:b1", "<http://x/c>"), data.nodes());
        assertEquals(List.of("<http://x/p>", "<http://x/q>"), data.relations());
        assertEquals(5, data.graph().numEdges());
        assertEquals(List.of("blue", "red"), data.classes());
        assertArrayEquals(new int[] {0, 2}, data.trainNodes());
        assertArrayEquals(new int[] {1, 0}, data.trainLabels());
        assertArrayEquals(new int[] {5}, data.testNodes());
    }

    @Test
    void aBlankNodeMayTouchTheFinalDotOrAnIri() throws IOException {
        RdfEntityReader.Dataset data = RdfEntityReader.read(folder("_:b1<http://x/p> <http://x/a> .",
                "<http://x/b> <http://x/p> _:b1.", "<http://x/c> <http://x/p> _:b.2 ."));
        assertEquals(List.of("_:b1", "<http://x/a>", "<http://x/b>", "<http://x/c>", "_:b.2"), data.nodes());
    }

    @Test
    void damagedTriplesAndLabelsAreNamedByLine() throws IOException {
        assertFormatError(() -> RdfEntityReader.read(folder("<http://x/a> <http://x/p> <http://x/c>",
                "<http://x/b> <http://x/p> <http://x/c> .")), "tiny.nt:1:", "' .'");
        assertFormatError(() -> RdfEntityReader.read(folder("<http://x/a> <http://x/p> <http://x/c> .",
                "<http://x/b> \"p\" <http://x/c> .")), "tiny.nt:2:", "predicate must be an IRI");
        assertFormatError(() -> RdfEntityReader.read(folder("<http://x/a> <http://x/p> \"open .")),
                "tiny.nt:1:", "no closing");
        assertFormatError(() -> RdfEntityReader.read(folder("<http://x/a <http://x/p> <http://x/c> .")),
                "tiny.nt:1:");
        Path f = folder("<http://x/a> <http://x/p> <http://x/b> .");
        assertFormatError(() -> RdfEntityReader.read(f), "testSet.tsv:2:", "http://x/c", "not a subject or object");
    }
}
