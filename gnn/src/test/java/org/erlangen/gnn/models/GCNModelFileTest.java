package org.erlangen.gnn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.erlangen.graph.Graph;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.io.ModelFile;
import org.erlangen.io.ModelFileException;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class GCNModelFileTest {
    @TempDir
    Path dir;

    private static INDArray predict(GCN model, Graph g) {
        model.eval();
        try (var ignored = GradMode.noGrad()) {
            return model.forward(g, Tensor.constant(g.nodeFeatures())).data();
        }
    }

    private static JsonObject config(int in, int hidden, int out) {
        JsonObject c = new JsonObject();
        c.addProperty("model", "gcn");
        c.addProperty("in", in);
        c.addProperty("hidden", hidden);
        c.addProperty("out", out);
        return c;
    }

    @Test
    void saveThenLoadGivesBitIdenticalPredictions() throws IOException {
        Graph g = RandomGraphs.of(50, 200).nodeFeatures(6).seed(1).build().withSelfLoops();
        GCN trained = new GCN(6, 8, 3, 0.5, 11);
        Path file = dir.resolve("gcn.safetensors");
        ModelFile.save(file, trained, config(6, 8, 3));

        JsonObject stored = ModelFile.read(file).config();
        GCN loaded = new GCN(stored.get("in").getAsInt(), stored.get("hidden").getAsInt(), stored.get("out").getAsInt(),
                0.5, 99);
        ModelFile.loadInto(file, loaded);
        float[] expected = predict(trained, g).data().asFloat();
        float[] actual = predict(loaded, g).data().asFloat();
        assertArrayEquals(expected, actual, "predictions after a round trip through the model file");
    }

    @Test
    void truncatedAndMismatchedFilesAreRefused() throws IOException {
        GCN model = new GCN(6, 8, 3, 0.5, 11);
        Path file = dir.resolve("gcn.safetensors");
        ModelFile.save(file, model, config(6, 8, 3));
        byte[] bytes = Files.readAllBytes(file);

        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        var e = assertThrows(ModelFileException.class, () -> ModelFile.loadInto(truncated, new GCN(6, 8, 3, 0.5, 1)));
        assertTrue(e.getMessage().contains("truncated.safetensors"), e.getMessage());

        GCN wider = new GCN(6, 16, 3, 0.5, 1);
        var mismatch = assertThrows(ModelFileException.class, () -> ModelFile.loadInto(file, wider));
        assertTrue(mismatch.getMessage().contains("conv1.weight") && mismatch.getMessage().contains("shape"),
                mismatch.getMessage());
    }
}
