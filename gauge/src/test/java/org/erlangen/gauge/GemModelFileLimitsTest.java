package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.erlangen.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A mesh classifier's model file is checked against the values it holds before its network is built: the bound
 * is below every real model's size, and a small file declaring a huge network is refused.
 */
class GemModelFileLimitsTest {
    @TempDir
    Path dir;

    private static GemModelConfig config(int inputs, int channels, int maxOrder, int levels, int meshBlocks,
            int coarseBlocks, int rings, int samples, int headHidden, int classes) {
        return new GemModelConfig(inputs, channels, maxOrder, levels, 0.25, meshBlocks, coarseBlocks, rings, 0.5,
                1.5, samples, "relu", headHidden, classes, 5);
    }

    @Test
    void everyRealModelPassesTheBound() {
        for (int channels : new int[] {1, 3}) {
            for (int maxOrder : new int[] {0, 1, 2}) {
                for (int rings : new int[] {1, 3}) {
                    for (int blocks : new int[] {0, 1, 2}) {
                        var config = config(2, channels, maxOrder, 2, blocks, blocks, rings, 2 * maxOrder + 1, 4, 3);
                        long values = new GemMeshModel(config, 1, DataType.FLOAT).stateDict().values().stream()
                                .mapToLong(a -> a.length()).sum();
                        GemModelConfig.fromJson(config.toJson(), values); // passes
                        assertThrows(IllegalArgumentException.class, () -> GemModelConfig.fromJson(config.toJson(),
                                values / 100), config.toString());
                    }
                }
            }
        }
    }

    @Test
    void aSmallFileDeclaringAHugeNetworkIsRefused() throws IOException {
        var config = config(3, 4, 2, 2, 1, 1, 2, 7, 16, 4);
        var classifier = new GemMeshModel(config, 1, DataType.FLOAT);
        for (String[] field : new String[][] {{"channels", "700000000"}, {"maxOrder", "2147483647"},
            {"headHidden", "700000000"}, {"meshBlocks", "700000000"}, {"samples", "700000000"},
            {"coarseLevels", "2147483647"}}) {
            var json = config.toJson();
            json.addProperty(field[0], Long.parseLong(field[1]));
            Path file = dir.resolve(field[0] + ".safetensors");
            ModelFile.save(file, classifier, json);
            var e = assertThrows(IllegalArgumentException.class, () -> MeshClassifier.load(file));
            assertTrue(e.getMessage().contains(field[1]) || e.getMessage().contains("parameters"), e.getMessage());
        }
    }
}
