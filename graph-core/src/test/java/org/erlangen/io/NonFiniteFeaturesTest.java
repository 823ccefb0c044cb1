package org.erlangen.io;

import static org.erlangen.io.TestFiles.assertFormatError;
import static org.erlangen.io.TestFiles.write;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example: one NaN, Infinity or 1e300 feature on one node gave a model of NaN weights. The dataset
 * readers refuse each, naming the file and the line; 1e300 parses as a double but is infinite as a float.
 */
class NonFiniteFeaturesTest {
    @TempDir
    Path dir;

    private void tuDataset(String badAttribute) throws IOException {
        write(dir, "T_graph_labels.txt", "0", "1");
        write(dir, "T_graph_indicator.txt", "1", "1", "2", "2");
        write(dir, "T_A.txt", "1, 2", "2, 1", "3, 4", "4, 3");
        write(dir, "T_node_attributes.txt", "18, 10000", "90, 250000", "45, " + badAttribute, "30, 60000");
    }

    @Test
    void tuNodeAttributesMustBeFiniteFloats() throws IOException {
        for (String bad : new String[] {"NaN", "Infinity", "-Infinity", "1e300"}) {
            tuDataset(bad);
            assertFormatError(() -> TuDatasetReader.read(dir), "T_node_attributes.txt:3:", "attribute 2",
                    "finite number", "'" + bad + "'");
        }
        tuDataset("1e300");
        assertFormatError(() -> TuDatasetReader.read(dir), "beyond the 32-bit float range");
        tuDataset("3e38");
        TuDatasetReader.read(dir);
    }

    @Test
    void planetoidFeatureValuesMustBeFiniteFloats() throws IOException {
        write(dir, "toy.labels.txt", "0 0", "1 1", "2 0");
        write(dir, "toy.edges.txt", "0 1", "1 2");
        write(dir, "toy.split.txt", "0 train", "1 val", "2 test");
        write(dir, "toy.features.txt", "# 2 features", "0 0 1.0", "1 1 -1e300", "2 0 0.5");
        assertFormatError(() -> PlanetoidReader.read(dir), "toy.features.txt:3:", "a feature value",
                "'-1e300'", "beyond the 32-bit float range");
    }
}
