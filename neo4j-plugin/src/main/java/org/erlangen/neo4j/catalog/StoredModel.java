package org.erlangen.neo4j.catalog;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.io.ModelFile;
import org.erlangen.neo4j.config.TrainConfig;
import org.erlangen.neo4j.model.Dataset;
import org.erlangen.neo4j.model.ModelSpec;
import org.erlangen.neo4j.model.ModelSummary;
import org.erlangen.neo4j.model.TrainedModel;

/**
 * A model file as the catalog reads and writes it: our model file (safetensors) with the architecture, the Neo4j
 * settings ({@link ModelSpec}) and the training's figures in its config. A file from elsewhere is checked before any
 * array is made: {@link ModelFile} bounds the header and matches every shape to the bytes present; here the config's
 * widths and depth must lie within what training allows ({@link TrainConfig}'s ranges) and the model they declare
 * must fit the values the file holds ({@link GnnModel#leastParameters}), so a small file cannot make the server
 * build a huge network.
 */
final class StoredModel {
    private StoredModel() {
    }

    /** What {@code erlangen.model.list} shows, from the file's header alone. */
    static ModelSummary summary(Path file, String name) {
        try {
            ModelFile.Header header = ModelFile.readHeader(file);
            Described model = describe(header);
            long parameters = 0;
            for (var e : header.shapes().entrySet()) {
                parameters += GnnModel.isBuffer(e.getKey()) ? 0 : ModelFile.Header.count(e.getValue());
            }
            return new ModelSummary(model.config(), model.spec(), model.metrics(), parameters);
        } catch (IOException | RuntimeException e) {
            throw damaged(file, name, e);
        }
    }

    /** Reads the model; its file's own tensors are freed once copied into the network. */
    static TrainedModel load(Path file, String name) {
        try {
            Described model = describe(ModelFile.readHeader(file));
            ModelFile.Contents contents = ModelFile.readModel(file);
            GnnModel network = new GnnModel(model.config(), 0, Dataset.dtype());
            try {
                network.loadStateDict(contents.tensors());
            } catch (RuntimeException e) {
                network.release();
                throw e;
            } finally {
                contents.tensors().values().forEach(a -> {
                    if (a.closeable()) {
                        a.close();
                    }
                });
            }
            return new TrainedModel(name, network, model.spec(), model.metrics());
        } catch (IOException | RuntimeException e) {
            throw damaged(file, name, e);
        }
    }

    /** The config {@code store} writes: the architecture, then the Neo4j settings and the metrics. */
    static JsonObject config(TrainedModel model) {
        JsonObject json = model.network().config().toJson();
        json.add(ModelSpec.KEY, model.spec().toJson());
        JsonObject metrics = new JsonObject();
        model.metrics().forEach((k, v) -> {
            if (v instanceof Number n) {
                metrics.addProperty(k, n);
            } else {
                metrics.addProperty(k, String.valueOf(v));
            }
        });
        json.add("metrics", metrics);
        return json;
    }

    private record Described(ModelConfig config, ModelSpec spec, Map<String, Object> metrics) {
    }

    /** The file's config, checked against the training ranges and against the values its tensors hold. */
    private static Described describe(ModelFile.Header header) {
        JsonObject json = header.config();
        ModelConfig config = ModelConfig.fromJson(json);
        within("hidden", config.hidden(), TrainConfig.MAX_HIDDEN);
        within("layers", config.layers(), TrainConfig.MAX_LAYERS);
        within("heads", config.heads(), TrainConfig.MAX_HEADS);
        long least = GnnModel.leastParameters(config);
        long values = header.elements();
        if (least > values) {
            throw new IllegalArgumentException("its config declares a " + config.layer() + " model (in " + config.in()
                    + ", hidden " + config.hidden() + ", out " + config.out() + ", " + config.layers()
                    + " layers) with at least " + least + " parameters, but its tensors hold " + values + " values");
        }
        if (!json.has(ModelSpec.KEY) || !json.get(ModelSpec.KEY).isJsonObject()) {
            throw new IllegalArgumentException("its config has no '" + ModelSpec.KEY + "' settings (task, "
                    + "featureProperties, ...)");
        }
        ModelSpec spec = ModelSpec.fromJson(json.getAsJsonObject(ModelSpec.KEY));
        if (spec.featureWidth() != config.in()) {
            throw new IllegalArgumentException("its feature widths " + spec.featureWidths() + " sum to "
                    + spec.featureWidth() + " but the model takes " + config.in() + " inputs");
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (json.has("metrics") && json.get("metrics").isJsonObject()) {
            json.getAsJsonObject("metrics").entrySet().forEach(e -> metrics.put(e.getKey(),
                    e.getValue().getAsJsonPrimitive().isNumber() ? e.getValue().getAsDouble()
                            : e.getValue().getAsString()));
        }
        return new Described(config, spec, metrics);
    }

    private static void within(String field, int value, int max) {
        if (value > max) {
            throw new IllegalArgumentException("its config has " + field + " " + value + ", more than the " + max
                    + " a model may have");
        }
    }

    private static IllegalArgumentException damaged(Path file, String name, Exception e) {
        // no cause attached: Neo4j shows a client the innermost message, and this one names the model
        String problem = String.valueOf(e.getMessage()).replace("model file " + file + ": ", "");
        return new IllegalArgumentException("stored model '" + name + "' cannot be loaded, its file "
                + file.getFileName() + " is damaged or not an Erlangen model: " + problem);
    }
}
