package org.erlangen.io;

import static org.erlangen.io.TestFiles.assertFormatError;
import static org.erlangen.io.TestFiles.shared;
import static org.erlangen.io.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFormatTest {
    @TempDir
    Path dir;

    @Test
    void recognisesEachLayout() throws IOException {
        Path tu = Files.createDirectory(dir.resolve("tu"));
        write(tu, "X_A.txt", "1, 2");
        write(tu, "X_graph_indicator.txt", "1", "1");
        write(tu, "X_graph_labels.txt", "0");
        assertEquals(DatasetFormat.TU_DATASET, DatasetFormat.detect(tu));

        Path planetoid = Files.createDirectory(dir.resolve("planetoid"));
        for (String suffix : new String[] {"edges", "features", "labels", "split"}) {
            write(planetoid, "p." + suffix + ".txt", "# empty");
        }
        assertEquals(DatasetFormat.PLANETOID, DatasetFormat.detect(planetoid));

        assertEquals(DatasetFormat.EDGE_LIST, DatasetFormat.detect(write(dir, "edges.txt", "a b")));
    }

    @Test
    void recognisesTheSharedData() throws IOException {
        assertEquals(DatasetFormat.TU_DATASET, DatasetFormat.detect(shared("tu-mutag")));
        assertEquals(DatasetFormat.TU_DATASET, DatasetFormat.detect(shared("tu-nci1")));
        assertEquals(DatasetFormat.PLANETOID, DatasetFormat.detect(shared("cora/planetoid")));
        assertEquals(DatasetFormat.PLANETOID, DatasetFormat.detect(shared("pubmed/planetoid")));
        assertEquals(DatasetFormat.EDGE_LIST, DatasetFormat.detect(shared("snap-graphs/facebook-combined.lg.txt")));
    }

    @Test
    void explainsWhatIsMissing() throws IOException {
        assertFormatError(() -> DatasetFormat.detect(dir), dir.toString(), "not a dataset this library reads",
                "NAME_graph_indicator.txt", "NAME.split.txt", "edge-list file");
        assertFormatError(() -> DatasetFormat.detect(dir.resolve("nowhere")), "nowhere", "no such file or folder");

        write(dir, "X_graph_indicator.txt", "1");
        write(dir, "X_graph_labels.txt", "0");
        assertFormatError(() -> DatasetFormat.detect(dir), "looks like TUDataset X", "no X_A.txt");
        write(dir, "Y_graph_indicator.txt", "1");
        assertFormatError(() -> DatasetFormat.detect(dir), "several TUDatasets", "[X, Y]");
    }

    @Test
    void filesThatAreNotEdgeListsAreRefused() throws IOException {
        Path table = write(dir, "table.csv", "id,name,age,city", "1,ann,30,x");
        assertFormatError(() -> DatasetFormat.detect(table), "table.csv:1:", "'u v weight'", "4 fields");
        Path binary = dir.resolve("model.bin");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        assertFormatError(() -> DatasetFormat.detect(binary), "model.bin:1:", "not UTF-8 text");
        Path empty = write(dir, "empty.txt");
        assertFormatError(() -> DatasetFormat.detect(empty), "empty.txt", "empty");
    }

    @Test
    void incompletePlanetoidFolderIsNotMistaken() throws IOException {
        write(dir, "p.edges.txt", "0 1");
        write(dir, "p.labels.txt", "0 0");
        assertFormatError(() -> DatasetFormat.detect(dir), "not a dataset this library reads");
    }
}
