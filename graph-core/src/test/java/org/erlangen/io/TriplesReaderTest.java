package org.erlangen.io;

import static org.erlangen.io.TestFiles.assertFormatError;
import static org.erlangen.io.TestFiles.shared;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriplesReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsFb15k237WithItsPublishedCounts() throws IOException {
        Path folder = shared("fb15k-237");
        assertEquals(DatasetFormat.TRIPLES, DatasetFormat.detect(folder));
        TriplesReader.KnowledgeGraph kg = TriplesReader.read(folder);
        assertEquals(272_115, kg.train().length);
        assertEquals(17_535, kg.valid().length);
        assertEquals(20_466, kg.test().length);
        assertEquals(14_541, kg.entityCount());
        assertEquals(237, kg.relationCount());
        Set<Integer> inTrain = new HashSet<>();
        for (int[] t : kg.train()) {
            inTrain.add(t[0]);
            inTrain.add(t[2]);
        }
        assertEquals(14_505, inTrain.size(), "entities seen in training (36 occur only in valid or test)");
        assertEquals("/m/027rn", kg.entities().get(0));
    }

    @Test
    void numbersByFirstAppearanceAcrossSplitsAndEitherLineEnding() throws IOException {
        Path f = Files.createDirectories(tmp.resolve("kg"));
        Files.writeString(f.resolve("train.txt"), "a\tlikes\tb\r\nb\tlikes\tc\r\n", StandardCharsets.UTF_8);
        Files.writeString(f.resolve("valid.txt"), "c\thates\ta\n", StandardCharsets.UTF_8);
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(f.resolve("test.txt.gz")))) {
            out.write("d\tlikes\ta\n".getBytes(StandardCharsets.UTF_8));
        }
        TriplesReader.KnowledgeGraph kg = TriplesReader.read(f);
        assertEquals(List.of("a", "b", "c", "d"), kg.entities());
        assertEquals(List.of("likes", "hates"), kg.relations());
        assertArrayEquals(new int[] {1, 0, 2}, kg.train()[1]);
        assertArrayEquals(new int[] {2, 1, 0}, kg.valid()[0]);
        assertArrayEquals(new int[] {3, 0, 0}, kg.test()[0]);
    }

    @Test
    void aLineWithoutThreeFieldsIsNamed() throws IOException {
        Path f = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(f.resolve("train.txt"), "a\tlikes\tb\nb likes c\n");
        Files.writeString(f.resolve("valid.txt"), "a\tlikes\tb\n");
        Files.writeString(f.resolve("test.txt"), "a\tlikes\tb\n");
        assertFormatError(() -> TriplesReader.read(f), "train.txt:2:", "head<TAB>relation<TAB>tail");
        Files.delete(f.resolve("test.txt"));
        assertFormatError(() -> TriplesReader.read(f), "no test.txt");
    }
}
