package org.erlangen.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Model files cross the language boundary both ways: PyTorch reads what Java writes (checked bit for bit by
 * {@code safetensors_roundtrip.py}) and Java reads what PyTorch writes. Runs only where a Python with torch exists:
 * {@code $ERLANGEN_PYTHON}, else {@code /usr/bin/python3}.
 */
class ModelFilePyTorchTest {
    private static String python;
    private static Path script;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPythonWithTorch() throws Exception {
        String env = System.getenv("ERLANGEN_PYTHON");
        python = env != null && !env.isBlank() ? env : "/usr/bin/python3";
        Result probe = run(List.of(python, "-c", "import torch"), 120);
        Assumptions.assumeTrue(probe != null && probe.exit == 0, "no PyTorch at " + python + "; skipping interop");
        URL url = ModelFilePyTorchTest.class.getResource("/safetensors_roundtrip.py");
        assertTrue(url != null, "safetensors_roundtrip.py must be on the test classpath");
        script = Path.of(url.toURI());
    }

    /** Keep in step with expected_from_java() in the script. */
    private static Map<String, INDArray> javaTensors() {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("f32", Nd4j.arange(12).castTo(DataType.FLOAT).reshape(3, 4).div(8).sub(0.75));
        t.put("f64", Nd4j.createFromArray(1.0 / 3, -2.5, 1e-300, 1e300, 0.1, -0.0));
        t.put("i32", Nd4j.createFromArray(Integer.MIN_VALUE, 0, Integer.MAX_VALUE));
        t.put("i64", Nd4j.createFromArray(new long[][] {{-(1L << 62), 1}, {(1L << 40) + 3, -7}}));
        t.put("scalar", Nd4j.scalar(42.5f));
        return t;
    }

    @Test
    void pyTorchReadsOursAndWeReadPyTorchs() throws Exception {
        Path ours = dir.resolve("java.safetensors");
        Path theirs = dir.resolve("torch.safetensors");
        Map<String, INDArray> written = javaTensors();
        ModelFile.write(ours, written, JsonParser.parseString("{\"kind\":\"java\",\"layers\":[4,2]}")
                .getAsJsonObject());

        Result result = run(List.of(python, script.toString(), ours.toString(), theirs.toString()), 300);
        assertEquals(0, result.exit, "PyTorch refused our file:\n" + result.output);
        assertTrue(result.output.contains("ok"), result.output);

        ModelFile.Contents back = ModelFile.read(theirs);
        assertEquals(JsonParser.parseString("{\"kind\":\"torch\",\"layers\":[3]}"), back.config());
        checkTorchTensors(back.tensors());
        for (var e : written.entrySet()) {
            INDArray echo = back.tensors().get("echo." + e.getKey());
            assertEquals(e.getValue().dataType(), echo.dataType(), e.getKey());
            assertArrayEquals(e.getValue().shape(), echo.shape(), e.getKey());
            assertArrayEquals(rawBits(e.getValue()), rawBits(echo), e.getKey());
        }
    }

    @Test
    void theScriptNoticesWrongValues() throws Exception {
        Path ours = dir.resolve("wrong.safetensors");
        Map<String, INDArray> tensors = javaTensors();
        tensors.put("f64", Nd4j.createFromArray(1.0 / 3, -2.5, 1e-300, 1e300, 0.1, 0.0));
        ModelFile.write(ours, tensors, JsonParser.parseString("{\"kind\":\"java\",\"layers\":[4,2]}")
                .getAsJsonObject());
        Result result = run(List.of(python, script.toString(), ours.toString(), dir.resolve("x").toString()), 300);
        assertNotEquals(0, result.exit, result.output);
        assertTrue(result.output.contains("f64"), result.output);
    }

    /** Keep in step with made_here() in the script. */
    private static void checkTorchTensors(Map<String, INDArray> t) {
        float[] f32 = new float[20];
        for (int i = 0; i < 20; i++) {
            f32[i] = (i - 7) / 16f;
        }
        assertEquals(DataType.FLOAT, t.get("torch.f32").dataType());
        assertArrayEquals(new long[] {4, 5}, t.get("torch.f32").shape());
        assertArrayEquals(f32, t.get("torch.f32").data().asFloat());
        assertArrayEquals(new double[] {2.0 / 3, -1e-310, 123456789.125}, t.get("torch.f64").toDoubleVector());
        assertEquals(DataType.INT, t.get("torch.i32").dataType());
        assertArrayEquals(new int[] {1, -2, 3, -4}, t.get("torch.i32").data().asInt());
        assertArrayEquals(new long[] {(1L << 53) + 1, -1}, t.get("torch.i64").data().asLong());
        assertArrayEquals(new float[] {1f, -2.5f, 65504f, 0x1p-24f}, t.get("torch.f16").toFloatVector());
        assertArrayEquals(new float[] {1f, -3f, 0.15625f, 65536f}, t.get("torch.bf16").toFloatVector());
        assertArrayEquals(new long[] {3, 2}, t.get("torch.t").shape());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.get("torch.t").data().asFloat());
    }

    private static long[] rawBits(INDArray a) {
        INDArray flat = a.reshape(a.length());
        long[] out = new long[(int) a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (a.dataType()) {
                case FLOAT -> Float.floatToRawIntBits(flat.getFloat(i));
                case DOUBLE -> Double.doubleToRawLongBits(flat.getDouble(i));
                default -> flat.getLong(i);
            };
        }
        return out;
    }

    private record Result(int exit, String output) {
    }

    /** Runs a command, returning null when it cannot start (no such interpreter). */
    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("python", ".log");
        try {
            Process p;
            try {
                p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                return null;
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + timeoutSeconds + " s: " + command);
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
