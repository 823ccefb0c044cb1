package org.erlangen.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.gnn.models.PooledBlocks;
import org.erlangen.io.ModelFile;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model file's bytes, broadcast once to every executor, and the model they hold, read once per executor thread
 * (tasks of one executor run on several threads; a model in evaluation keeps no state between calls, but its
 * workspaces are per thread anyway). The bytes are the model file itself (JSON and raw tensors), never a serialised
 * Java object. A thread keeps the last model it read, under a key of its own: Spark numbers broadcasts from 0 again in
 * every new context, so a broadcast's id can name an older model in the same JVM.
 */
public final class ModelBroadcast implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ThreadLocal<Loaded> LOADED = new ThreadLocal<>();

    private record Loaded(String key, GnnModel model, PooledBlocks blocks) {
    }

    private final Broadcast<byte[]> bytes;
    private final String key = UUID.randomUUID().toString();

    private ModelBroadcast(Broadcast<byte[]> bytes) {
        this.bytes = bytes;
    }

    /**
     * Broadcasts the model file at {@code file}, after checking on the driver that it reads as a node model whose
     * layers distributed inference runs.
     */
    public static ModelBroadcast of(JavaSparkContext sc, Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        blocksOf(read(data)); // a bad file, or a layer that does not pool, fails here, not in a task
        return new ModelBroadcast(sc.broadcast(data));
    }

    /** Broadcasts {@code model}'s weights as a model file; refuses a model with a layer that does not pool. */
    public static ModelBroadcast of(JavaSparkContext sc, GnnModel model) throws IOException {
        blocksOf(model); // a layer that does not pool is refused here, not in a task
        return new ModelBroadcast(sc.broadcast(bytes(model)));
    }

    /** {@code model} as the bytes of its model file. */
    public static byte[] bytes(GnnModel model) throws IOException {
        Path file = Files.createTempFile("erlangen-model", ".safetensors");
        try {
            ModelFile.save(file, model, model.config().toJson());
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The model, read from the broadcast bytes the first time this thread asks. */
    public GnnModel model() {
        return loaded().model();
    }

    private Loaded loaded() {
        Loaded loaded = LOADED.get();
        if (loaded == null || !loaded.key().equals(key)) {
            GnnModel model = read(bytes.value());
            loaded = new Loaded(key, model, blocksOf(model));
            LOADED.set(loaded);
        }
        return loaded;
    }

    /** The model's layers for blocks of nodes whose sums the engine forms. */
    public PooledBlocks blocks() {
        return loaded().blocks();
    }

    /** The layers of a model that distributed inference runs; refuses one with a layer that does not pool. */
    private static PooledBlocks blocksOf(GnnModel model) {
        return new PooledBlocks(model, model.parameters().get(0).dtype());
    }

    /** Frees the broadcast bytes on the executors and the driver. */
    public void destroy() {
        bytes.destroy();
    }

    /** A node model from the bytes of its model file. */
    public static GnnModel read(byte[] data) {
        try {
            Path file = Files.createTempFile("erlangen-model", ".safetensors");
            try {
                Files.write(file, data);
                ModelFile.Contents contents = ModelFile.readModel(file);
                DataType dtype = contents.tensors().values().stream().findFirst().map(INDArray::dataType)
                        .orElse(DataType.FLOAT);
                GnnModel model = new GnnModel(ModelConfig.fromJson(contents.config()), 0, dtype);
                model.loadStateDict(contents.tensors());
                model.eval();
                return model;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
