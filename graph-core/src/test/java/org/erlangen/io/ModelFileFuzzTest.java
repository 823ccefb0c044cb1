package org.erlangen.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Model files fuzzed ({@link Fuzz}): the bytes of a whole file, and its JSON header alone (written back behind a
 * length field that matches, so mutations reach the header's checks rather than stopping at the length). Every case
 * is read whole and by its header; each is accepted or refused with a {@link ModelFileException}.
 */
class ModelFileFuzzTest {
    @TempDir
    Path dir;

    private Path seed() throws Exception {
        JsonObject config = new JsonObject();
        config.addProperty("layer", "gcn");
        config.addProperty("hidden", 4);
        JsonArray widths = new JsonArray();
        widths.add(3);
        widths.add(1);
        config.add("widths", widths);
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        tensors.put("conv1.weight", Nd4j.rand(DataType.FLOAT, 3, 4));
        tensors.put("conv1.bias", Nd4j.rand(DataType.FLOAT, 4));
        tensors.put("steps", Nd4j.createFromArray(7L));
        Path file = dir.resolve("seed.safetensors");
        ModelFile.write(file, tensors, config);
        return file;
    }

    private static void readBothWays(Path file) throws Exception {
        try {
            ModelFile.readHeader(file);
        } finally {
            ModelFile.read(file);
        }
    }

    @Test
    void wholeFilesSurviveFuzzing() throws Exception {
        var result = Fuzz.file("m.safetensors", Files.readAllBytes(seed()), ModelFileException.class)
                .cases(ReaderFuzzTest.CASES).seed(41).run(dir.resolve("whole"), ModelFileFuzzTest::readBothWays);
        assertTrue(result.accepted() > 0 && result.refused() > 0, result.toString());
    }

    @Test
    void headersSurviveFuzzing() throws Exception {
        byte[] file = Files.readAllBytes(seed());
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int length = (int) b.getLong(0);
        String header = new String(file, 8, length, StandardCharsets.UTF_8);
        byte[] data = Arrays.copyOfRange(file, 8 + length, file.length);
        Path model = dir.resolve("m.safetensors");
        var result = Fuzz.file("header.json", header, ModelFileException.class).cases(ReaderFuzzTest.CASES)
                .seed(42).run(dir.resolve("header"), json -> {
                    byte[] text = Files.readAllBytes(json);
                    Files.write(model, ByteBuffer.allocate(8 + text.length + data.length)
                            .order(ByteOrder.LITTLE_ENDIAN).putLong(text.length).put(text).put(data).array());
                    readBothWays(model);
                });
        assertTrue(result.accepted() > 0 && result.refused() > 0, result.toString());
    }
}
