package org.erlangen.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.erlangen.nn.Linear;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model with weights that are not finite is never written and never loaded; plain tensors still round-trip. */
class ModelFileFiniteTest {
    @TempDir
    Path dir;

    @Test
    void saveRefusesNaNWeightsNamingTheTensorAndWritesNothing() throws IOException {
        Linear model = new Linear(4, 3, true, new Random(1));
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(file, model, new JsonObject());
        byte[] good = Files.readAllBytes(file);
        model.weight().data().putScalar(new long[] {2, 1}, Float.NaN);
        model.weight().data().putScalar(new long[] {3, 0}, Float.NEGATIVE_INFINITY);
        var e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(file, model, new JsonObject()));
        assertTrue(e.getMessage().contains("tensor 'weight' holds NaN at row 2, column 1 (2 of 12 values not "
                + "finite)"), e.getMessage());
        assertTrue(e.getMessage().startsWith("model not written to " + file), e.getMessage());
        assertArrayEquals(good, Files.readAllBytes(file), "the earlier model is left as it was");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void loadingRefusesAFileWithAWeightThatIsNotFinite() throws IOException {
        Linear model = new Linear(4, 3, true, new Random(1));
        var state = model.stateCopy();
        state.get("bias").putScalar(1, Float.POSITIVE_INFINITY);
        Path file = dir.resolve("diverged.safetensors");
        ModelFile.write(file, state, new JsonObject()); // as a file written elsewhere could be
        var loaded = assertThrows(ModelFileException.class, () -> ModelFile.loadInto(file, model));
        assertTrue(loaded.getMessage().contains("tensor 'bias' holds Infinity at index 1 (1 of 3 values not finite)"
                + "; a model with weights that are not finite is not loaded"), loaded.getMessage());
        assertThrows(ModelFileException.class, () -> ModelFile.readModel(file));
        // the safetensors layer itself moves any values, bit for bit
        assertTrue(Float.isInfinite(ModelFile.read(file).tensors().get("bias").getFloat(1)));
    }
}
