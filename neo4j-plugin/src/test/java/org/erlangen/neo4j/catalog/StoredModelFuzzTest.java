package org.erlangen.neo4j.catalog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.io.Fuzz;
import org.erlangen.io.ModelFile;
import org.erlangen.neo4j.model.Dataset;
import org.erlangen.neo4j.model.ModelSpec;
import org.erlangen.neo4j.model.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored models as the catalog reads them, fuzzed ({@link Fuzz}) through their JSON header (written back behind a
 * matching length field, so mutations reach the config: widths, depths, heads, the Neo4j settings): each case is
 * listed from its header and loaded, and is accepted or refused with the catalog's one error, never an error of the
 * JVM, a hang, or a network built larger than the file's values allow.
 */
class StoredModelFuzzTest {
    private static final int CASES = 2000;

    @TempDir
    Path dir;

    private Path seed() throws Exception {
        var config = new ModelConfig("gcn", "node", 4, 8, 2, 2, 0.5, "sum", 1);
        var spec = ModelSpec.fromJson(JsonParser.parseString("{\"task\": \"nodeClassification\", \"nodeLabels\": "
                + "[\"Person\"], \"relationshipTypes\": [\"KNOWS\"], \"orientation\": \"NATURAL\", "
                + "\"featureProperties\": [\"features\"], \"featureWidths\": [4], \"graphIdProperty\": null, "
                + "\"targetProperty\": \"community\", \"classes\": [\"red\", \"blue\"], \"targetMean\": 0, "
                + "\"targetStd\": 1}").getAsJsonObject());
        var model = new TrainedModel("m", new GnnModel(config, 1, Dataset.dtype()), spec, Map.of("train", 0.75));
        Path file = dir.resolve("seed.safetensors");
        ModelFile.save(file, model.network(), StoredModel.config(model));
        return file;
    }

    @Test
    void storedModelsSurviveFuzzing() throws Exception {
        byte[] file = Files.readAllBytes(seed());
        int length = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        String header = new String(file, 8, length, StandardCharsets.UTF_8);
        byte[] data = Arrays.copyOfRange(file, 8 + length, file.length);
        Path model = dir.resolve("m.safetensors");
        var result = Fuzz.file("header.json", header, IllegalArgumentException.class).cases(CASES).seed(71)
                .run(dir.resolve("cases"), json -> {
                    byte[] text = Files.readAllBytes(json);
                    Files.write(model, ByteBuffer.allocate(8 + text.length + data.length)
                            .order(ByteOrder.LITTLE_ENDIAN).putLong(text.length).put(text).put(data).array());
                    try {
                        StoredModel.summary(model, "m");
                    } finally {
                        StoredModel.load(model, "m").release();
                    }
                });
        assertTrue(result.accepted() > 0 && result.refused() > 0, result.toString());
    }
}
