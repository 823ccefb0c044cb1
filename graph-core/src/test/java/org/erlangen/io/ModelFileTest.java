package org.erlangen.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.erlangen.nn.Module;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ModelFileTest {
    @TempDir
    Path dir;

    @Test
    void float32RoundTripIsBitIdentical() throws IOException {
        Random random = new Random(1);
        float[] values = new float[37 * 53];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(random.nextInt());
        }
        values[0] = -0.0f;
        values[1] = Float.MIN_VALUE;
        values[2] = Float.NaN;
        values[3] = Float.NEGATIVE_INFINITY;
        INDArray original = Nd4j.create(values, new long[] {37, 53}, 'c');
        Path file = dir.resolve("f32.safetensors");
        ModelFile.write(file, Map.of("w", original), null);

        INDArray back = ModelFile.read(file).tensors().get("w");
        assertEquals(DataType.FLOAT, back.dataType());
        assertArrayEquals(new long[] {37, 53}, back.shape());
        assertArrayEquals(bits(original.data().asFloat()), bits(back.data().asFloat()));
    }

    @Test
    void float64RoundTripIsBitIdentical() throws IOException {
        Random random = new Random(2);
        double[] values = new double[2 * 3 * 5 * 7];
        for (int i = 0; i < values.length; i++) {
            values[i] = Double.longBitsToDouble(random.nextLong());
        }
        values[0] = -0.0;
        values[1] = Double.MIN_VALUE;
        INDArray original = Nd4j.create(values, new long[] {2, 3, 5, 7}, 'c');
        Path file = dir.resolve("f64.safetensors");
        ModelFile.write(file, Map.of("w", original), null);

        INDArray back = ModelFile.read(file).tensors().get("w");
        assertEquals(DataType.DOUBLE, back.dataType());
        assertArrayEquals(original.shape(), back.shape());
        long[] expected = Arrays.stream(original.data().asDouble()).mapToLong(Double::doubleToRawLongBits).toArray();
        long[] actual = Arrays.stream(back.data().asDouble()).mapToLong(Double::doubleToRawLongBits).toArray();
        assertArrayEquals(expected, actual);
    }

    @Test
    void integersScalarsAndEmptyTensorsRoundTripInOrder() throws IOException {
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        tensors.put("ints", Nd4j.createFromArray(new int[] {Integer.MIN_VALUE, -1, 0, 7, Integer.MAX_VALUE}));
        tensors.put("longs", Nd4j.createFromArray(new long[][] {{Long.MIN_VALUE, 1L << 40}, {-3, Long.MAX_VALUE}}));
        tensors.put("scalar", Nd4j.scalar(2.5f));
        tensors.put("empty", Nd4j.create(DataType.FLOAT, 0, 3));
        tensors.put("after.empty", Nd4j.createFromArray(1.5, -2.25));
        Path file = dir.resolve("mixed.safetensors");
        ModelFile.write(file, tensors, null);

        LinkedHashMap<String, INDArray> back = ModelFile.read(file).tensors();
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.keySet()));
        assertArrayEquals(new int[] {Integer.MIN_VALUE, -1, 0, 7, Integer.MAX_VALUE}, back.get("ints").toIntVector());
        assertEquals(DataType.LONG, back.get("longs").dataType());
        assertArrayEquals(new long[] {Long.MIN_VALUE, 1L << 40, -3, Long.MAX_VALUE},
                back.get("longs").data().asLong());
        assertEquals(0, back.get("scalar").rank());
        assertEquals(2.5f, back.get("scalar").getFloat(0));
        assertArrayEquals(new long[] {0, 3}, back.get("empty").shape());
        assertArrayEquals(new double[] {1.5, -2.25}, back.get("after.empty").toDoubleVector());
    }

    @Test
    void viewsAreWrittenAsTheirLogicalValues() throws IOException {
        INDArray base = Nd4j.arange(24).castTo(DataType.FLOAT).reshape(4, 6);
        INDArray transposed = base.transpose();
        INDArray rows = base.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
        INDArray column = base.getColumn(4);
        Path file = dir.resolve("views.safetensors");
        ModelFile.write(file, Map.of("t", transposed, "rows", rows, "col", column), null);

        Map<String, INDArray> back = ModelFile.read(file).tensors();
        assertEquals(transposed.dup('c'), back.get("t"));
        assertEquals(rows.dup('c'), back.get("rows"));
        assertArrayEquals(new float[] {4, 10, 16, 22}, back.get("col").toFloatVector());
    }

    @Test
    void tensorsLargerThanTheCopyBufferRoundTrip() throws IOException {
        int n = 5_000_003;
        Random random = new Random(3);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat() - 0.5f;
        }
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        tensors.put("small", Nd4j.createFromArray(1, 2, 3));
        tensors.put("big", Nd4j.create(values, new long[] {n}, 'c'));
        tensors.put("big64", Nd4j.create(values, new long[] {n}, 'c').castTo(DataType.DOUBLE));
        Path file = dir.resolve("big.safetensors");
        ModelFile.write(file, tensors, null);
        assertEquals(8 + headerLength(file) + 3 * 4 + (long) n * 4 + (long) n * 8, Files.size(file));

        Map<String, INDArray> back = ModelFile.read(file).tensors();
        assertArrayEquals(values, back.get("big").toFloatVector());
        assertEquals(tensors.get("big64"), back.get("big64"));
        assertArrayEquals(new int[] {1, 2, 3}, back.get("small").toIntVector());
    }

    @Test
    void layoutIsSafetensorsWithConfigAsMetadataString() throws IOException {
        JsonObject config = JsonParser.parseString("{\"model\":\"gcn\",\"hidden\":[16,8],\"dropout\":0.5}")
                .getAsJsonObject();
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        tensors.put("a", Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}}));
        tensors.put("b", Nd4j.createFromArray(1.0, 2.0));
        Path file = dir.resolve("layout.safetensors");
        ModelFile.write(file, tensors, config);

        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "data starts 8-byte aligned");
        JsonObject header = JsonParser.parseString(new String(bytes, 8, (int) n, StandardCharsets.UTF_8))
                .getAsJsonObject();
        JsonObject metadata = header.getAsJsonObject("__metadata__");
        assertEquals("pt", metadata.get("format").getAsString());
        assertTrue(metadata.get("erlangen.config").getAsJsonPrimitive().isString());
        assertEquals(config, JsonParser.parseString(metadata.get("erlangen.config").getAsString()));
        JsonObject a = header.getAsJsonObject("a");
        assertEquals("F32", a.get("dtype").getAsString());
        assertEquals(JsonParser.parseString("[2,3]"), a.get("shape"));
        assertEquals(JsonParser.parseString("[0,24]"), a.get("data_offsets"));
        assertEquals(JsonParser.parseString("[24,40]"), header.getAsJsonObject("b").get("data_offsets"));
        assertEquals(8 + n + 40, bytes.length);
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) (8 + n), 40).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(6f, data.getFloat(20));
        assertEquals(2.0, data.getDouble(32));

        ModelFile.Contents contents = ModelFile.read(file);
        assertEquals(config, contents.config());
        assertEquals("pt", contents.metadata().get("format"));
    }

    @Test
    void fileWithoutConfigReadsAsEmptyConfig() throws IOException {
        Path file = dir.resolve("noconfig.safetensors");
        ModelFile.write(file, Map.of("x", Nd4j.ones(DataType.FLOAT, 2)), null);
        ModelFile.Contents contents = ModelFile.read(file);
        assertEquals(new JsonObject(), contents.config());
        assertEquals(Map.of("format", "pt"), contents.metadata());
    }

    @Test
    void overwritingReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("model.safetensors");
        ModelFile.write(file, Map.of("x", Nd4j.createFromArray(1f, 2f)), null);
        ModelFile.write(file, Map.of("y", Nd4j.createFromArray(3f)), null);
        assertEquals(List.of("y"), List.copyOf(ModelFile.read(file).tensors().keySet()));
        assertEquals(List.of(file), listDir());
    }

    @Test
    void refusedWriteKeepsThePreviousFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        ModelFile.write(file, Map.of("x", Nd4j.createFromArray(1f, 2f)), null);
        byte[] before = Files.readAllBytes(file);
        Map<String, INDArray> bad = new LinkedHashMap<>();
        bad.put("ok", Nd4j.createFromArray(5f));
        bad.put("flags", Nd4j.createFromArray(true, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.write(file, bad, null));
        assertTrue(e.getMessage().contains("flags") && e.getMessage().contains("BOOL"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), listDir());
        assertThrows(IllegalArgumentException.class,
                () -> ModelFile.write(file, Map.of("__metadata__", Nd4j.createFromArray(1f)), null));
    }

    @Test
    void writesIntoNewFolders() throws IOException {
        Path file = dir.resolve("runs/1/model.safetensors");
        ModelFile.write(file, Map.of("x", Nd4j.createFromArray(1f)), null);
        assertArrayEquals(new float[] {1f}, ModelFile.read(file).tensors().get("x").toFloatVector());
    }

    @Test
    void halfPrecisionIsWidenedToFloat() throws IOException {
        short[] f16 = {0x3C00, (short) 0xC100, 0x7BFF, 0x0001, (short) 0x8000, 0x7C00, 0x3555};
        short[] bf16 = {0x3F80, (short) 0xC040, 0x0001, 0x7F7F};
        ByteBuffer data = ByteBuffer.allocate(2 * (f16.length + bf16.length)).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : f16) {
            data.putShort(s);
        }
        for (short s : bf16) {
            data.putShort(s);
        }
        int split = 2 * f16.length;
        Path file = write("half", "{\"h\":{\"dtype\":\"F16\",\"shape\":[7],\"data_offsets\":[0," + split + "]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[" + split + "," + data.capacity()
                + "]}}", data.array());
        Map<String, INDArray> back = ModelFile.read(file).tensors();
        assertEquals(DataType.FLOAT, back.get("h").dataType());
        float[] h = back.get("h").toFloatVector();
        assertArrayEquals(new float[] {1f, -2.5f, 65504f, 0x1p-24f, -0f, Float.POSITIVE_INFINITY, 0.333251953125f},
                h);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(h[4]));
        assertArrayEquals(new float[] {1f, -3f, Float.intBitsToFloat(0x10000), Float.intBitsToFloat(0x7F7F0000)},
                back.get("b").data().asFloat());
        assertArrayEquals(new long[] {2, 2}, back.get("b").shape());
    }

    @Test
    void halfToFloatIsExactForEveryValue() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int exponent = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            double magnitude = exponent == 0 ? Math.scalb((double) mantissa, -24)
                    : exponent == 31 ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                    : Math.scalb(1024.0 + mantissa, exponent - 25);
            double expected = (bits & 0x8000) != 0 ? -magnitude : magnitude;
            float actual = ModelFile.halfToFloat((short) bits);
            if (Double.isNaN(expected)) {
                assertTrue(Float.isNaN(actual), "bits " + Integer.toHexString(bits));
            } else {
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                        "bits " + Integer.toHexString(bits));
            }
        }
    }

    // ---- damaged files ----

    private static final String TWO = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[8,12]}}";

    @Test
    void wellFormedHandMadeFileReads() throws IOException {
        Path file = write("good", TWO, new byte[12]);
        assertEquals(List.of("a", "b"), List.copyOf(ModelFile.read(file).tensors().keySet()));
    }

    @Test
    void fileShorterThanTheLengthFieldIsRefused() throws IOException {
        Path file = dir.resolve("short.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertRefused(file, "3 bytes", "8-byte header length");
        Files.write(file, new byte[0]);
        assertRefused(file, "0 bytes");
    }

    @Test
    void headerLengthBeyondTheFileIsRefused() throws IOException {
        Path file = dir.resolve("long.safetensors");
        Files.write(file, ByteBuffer.allocate(50).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
        assertRefused(file, "header length 1000", "larger than the 42 bytes");
    }

    @Test
    void absurdHeaderLengthIsRefused() throws IOException {
        Path file = dir.resolve("absurd.safetensors");
        Files.write(file, ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 60).array());
        assertRefused(file, "implausible");
        Files.write(file, ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(-5).array());
        assertRefused(file, "implausible", Long.toUnsignedString(-5));
    }

    @Test
    void truncatedFileIsRefused() throws IOException {
        Path file = dir.resolve("model.safetensors");
        ModelFile.write(file, Map.of("w", Nd4j.rand(DataType.FLOAT, 4, 4)), null);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));
        assertRefused(file, "tensor 'w'", "past the end of the data section", "59 bytes", "truncated");
    }

    @Test
    void damagedHeaderBytesAreRefused() throws IOException {
        Path file = dir.resolve("model.safetensors");
        ModelFile.write(file, Map.of("w", Nd4j.rand(DataType.FLOAT, 4, 4)), null);
        byte[] good = Files.readAllBytes(file);

        byte[] bytes = good.clone();
        bytes[8] = '[';
        Files.write(file, bytes);
        assertRefused(file, "not a JSON object");

        bytes = good.clone();
        bytes[9] = '#';
        Files.write(file, bytes);
        assertRefused(file, "not valid JSON");

        bytes = good.clone();
        bytes[10] = (byte) 0xC3;
        bytes[11] = (byte) 0x28;
        Files.write(file, bytes);
        assertRefused(file, "not valid UTF-8");
    }

    @Test
    void headerThatIsNotOneObjectIsRefused() throws IOException {
        assertRefused(write("array", "[1,2]", new byte[0]), "not a JSON object");
        assertRefused(write("two", "{} {}", new byte[0]), "not valid JSON");
        assertRefused(write("unquoted", "{a:1}", new byte[0]), "not valid JSON");
        assertRefused(write("entry", "{\"a\":[1]}", new byte[0]), "tensor 'a'", "expected an object");
    }

    @Test
    void missingOrWrongTypedFieldsAreRefused() throws IOException {
        assertRefused(write("nodtype", "{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor 'a'", "dtype must be a string", "nothing");
        assertRefused(write("numdtype", "{\"a\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]),
                "dtype must be a string", "found 4");
        assertRefused(write("noshape", "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor 'a': shape must be an array");
        assertRefused(write("strshape", "{\"a\":{\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]}}",
                new byte[4]), "shape must be an array");
        assertRefused(write("negshape", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}",
                new byte[4]), "shape must be an array of non-negative integers", "[-1]");
        assertRefused(write("fracshape", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}",
                new byte[4]), "shape must be");
        assertRefused(write("nooffsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]),
                "data_offsets must be an array of 2");
        assertRefused(write("threeoffsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,2,4]}}",
                new byte[4]), "data_offsets must be an array of 2", "[0,2,4]");
    }

    @Test
    void unknownAndUnsupportedDtypesAreRefused() throws IOException {
        assertRefused(write("f33", "{\"a\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor 'a'", "unknown dtype 'F33'");
        assertRefused(write("u8", "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]}}", new byte[4]),
                "unsupported dtype 'U8'");
    }

    @Test
    void reversedOffsetsAreRefused() throws IOException {
        assertRefused(write("reversed", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}",
                new byte[4]), "tensor 'a'", "[4, 0]", "reversed");
    }

    @Test
    void overlappingOffsetsAreRefused() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertRefused(write("overlap", header, new byte[12]), "'a' [0, 8]", "'b' [4, 12]", "overlap");
    }

    @Test
    void gapsAndTrailingBytesAreRefused() throws IOException {
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertRefused(write("gap", gap, new byte[12]), "4 unused bytes before tensor 'b'");
        assertRefused(write("trailing", TWO, new byte[15]), "3 trailing bytes");
        assertRefused(write("late", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                new byte[8]), "4 unused bytes before tensor 'a'");
    }

    @Test
    void byteLengthMustMatchTheShape() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F64\",\"shape\":[2,3],\"data_offsets\":[0,24]}}";
        assertRefused(write("shape", header, new byte[24]), "tensor 'a'", "span 24 bytes", "[2, 3]",
                "needs 6 x 8 = 48 bytes");
    }

    @Test
    void duplicateNamesAreRefused() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertRefused(write("dup", header, new byte[8]), "'a' appears twice");
    }

    @Test
    void badMetadataAndConfigAreRefused() throws IOException {
        String tensor = "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        assertRefused(write("metaarray", "{\"__metadata__\":[1]," + tensor + "}", new byte[4]),
                "__metadata__ must be an object");
        assertRefused(write("metanumber", "{\"__metadata__\":{\"format\":1}," + tensor + "}", new byte[4]),
                "value of 'format' must be a string");
        assertRefused(write("badconfig", "{\"__metadata__\":{\"erlangen.config\":\"{not json\"}," + tensor + "}",
                new byte[4]), "'erlangen.config' is not valid JSON");
        assertRefused(write("arrayconfig", "{\"__metadata__\":{\"erlangen.config\":\"[1,2]\"}," + tensor + "}",
                new byte[4]), "'erlangen.config' must be a JSON object");
        assertRefused(write("moreconfig", "{\"__metadata__\":{\"erlangen.config\":\"{} 1\"}," + tensor + "}",
                new byte[4]), "erlangen.config");
    }

    // ---- modules ----

    /** A two-layer module with a buffer, standing in for a real model. */
    private static final class Tiny extends Module {
        Tiny(int in, int hidden, long seed) {
            Nd4j.getRandom().setSeed(seed);
            child("layer", new Layer(in, hidden));
            child("head", new Layer(hidden, 1));
            buffer("steps", Nd4j.createFromArray(new long[] {seed}));
        }
    }

    private static final class Layer extends Module {
        Layer(int in, int out) {
            parameter("weight", Nd4j.rand(DataType.FLOAT, out, in));
            parameter("bias", Nd4j.rand(DataType.FLOAT, out));
        }
    }

    @Test
    void moduleSavesAndLoadsWithItsConfig() throws IOException {
        Tiny saved = new Tiny(3, 4, 11);
        JsonObject config = new JsonObject();
        config.addProperty("in", 3);
        config.addProperty("hidden", 4);
        Path file = dir.resolve("tiny.safetensors");
        ModelFile.save(file, saved, config);

        Tiny loaded = new Tiny(3, 4, 99);
        assertFalse(saved.stateDict().get("layer.weight").equals(loaded.stateDict().get("layer.weight")));
        assertEquals(config, ModelFile.loadInto(file, loaded));
        assertEquals(saved.stateDict(), loaded.stateDict());
        assertEquals(List.of("layer.weight", "layer.bias", "head.weight", "head.bias", "steps"),
                List.copyOf(ModelFile.read(file).tensors().keySet()));
    }

    @Test
    void loadingIntoAnotherArchitectureIsRefused() throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        ModelFile.save(file, new Tiny(3, 4, 1), new JsonObject());
        Tiny other = new Tiny(3, 5, 2);
        Map<String, INDArray> before = other.stateDict();
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.loadInto(file, other));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("does not fit this model")
                && e.getMessage().contains("layer.weight"), e.getMessage());
        assertEquals(file, e.file());
        assertEquals(before, other.stateDict());
    }

    // ---- helpers ----

    private Path write(String name, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json).put(data);
        Path file = dir.resolve(name + ".safetensors");
        Files.write(file, b.array());
        return file;
    }

    private static void assertRefused(Path file, String... fragments) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.read(file));
        String message = e.getMessage();
        assertTrue(message.contains(file.toString()), "message should name the file: " + message);
        for (String f : fragments) {
            assertTrue(message.contains(f), "message should contain '" + f + "': " + message);
        }
    }

    private static long headerLength(Path file) throws IOException {
        byte[] head = new byte[8];
        try (var in = Files.newInputStream(file)) {
            assertEquals(8, in.readNBytes(head, 0, 8));
        }
        return ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }
}
