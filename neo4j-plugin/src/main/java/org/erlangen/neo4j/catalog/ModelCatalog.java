package org.erlangen.neo4j.catalog;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.io.ModelFile;
import org.erlangen.neo4j.model.Dataset;
import org.erlangen.neo4j.model.ModelSpec;
import org.erlangen.neo4j.model.TrainedModel;

/**
 * Models per database user: trained models live in memory; {@code store} writes one to {@code <folder>/<user>/
 * <name>.safetensors} (our model file: safetensors with the architecture and the Neo4j settings in its metadata),
 * {@code load} reads it back, so a model file written elsewhere (PyTorch, with our config) can be loaded too.
 */
public final class ModelCatalog {
    private static final String SUFFIX = ".safetensors";
    private static final ModelCatalog INSTANCE = new ModelCatalog();

    private final Map<String, Map<String, TrainedModel>> loaded = new ConcurrentHashMap<>();

    public static ModelCatalog instance() {
        return INSTANCE;
    }

    /** One row of {@code erlangen.model.list}. */
    public record Entry(String name, TrainedModel model, boolean loaded, boolean stored) {
    }

    private Map<String, TrainedModel> of(String user) {
        return loaded.computeIfAbsent(user, u -> new ConcurrentHashMap<>());
    }

    /** Adds a newly trained model; a model of the same name must be dropped first. */
    public void add(String user, TrainedModel model, Path folder) {
        ModelNames.check(model.name());
        if (exists(user, model.name(), folder)) {
            throw new IllegalArgumentException("a model named '" + model.name() + "' already exists; drop it first "
                    + "with erlangen.model.drop('" + model.name() + "')");
        }
        if (of(user).putIfAbsent(model.name(), model) != null) {
            throw new IllegalArgumentException("a model named '" + model.name() + "' already exists");
        }
    }

    /** Bytes the parameters of every model in memory hold: they count against the plugin's memory limit. */
    public long bytesInMemory() {
        return loaded.values().stream().flatMap(models -> models.values().stream())
                .mapToLong(m -> m.parameterCount() * Float.BYTES).sum();
    }

    public boolean exists(String user, String name, Path folder) {
        return of(user).containsKey(name) || Files.exists(file(folder, user, name));
    }

    /** The model in memory, or loaded from its file if only stored. */
    public TrainedModel get(String user, String name, Path folder) {
        ModelNames.check(name);
        TrainedModel model = of(user).get(name);
        if (model != null) {
            return model;
        }
        if (Files.exists(file(folder, user, name))) {
            return load(user, name, folder).model();
        }
        throw new IllegalArgumentException("no model named '" + name + "'" + known(user, folder));
    }

    public List<Entry> list(String user, Path folder) {
        TreeSet<String> names = new TreeSet<>(of(user).keySet());
        names.addAll(storedNames(user, folder));
        List<Entry> entries = new ArrayList<>();
        for (String name : names) {
            TrainedModel model = of(user).get(name);
            boolean stored = Files.exists(file(folder, user, name));
            if (model == null) {
                try {
                    model = read(file(folder, user, name), name);
                } catch (IllegalArgumentException damaged) {
                    entries.add(new Entry(name, null, false, true));
                    continue;
                }
            }
            entries.add(new Entry(name, model, of(user).containsKey(name), stored));
        }
        return entries;
    }

    /** Removes a model from memory and from the folder. */
    public Entry drop(String user, String name, Path folder) {
        ModelNames.check(name);
        Path file = file(folder, user, name);
        boolean stored = Files.exists(file);
        TrainedModel model = of(user).remove(name);
        if (model == null && !stored) {
            throw new IllegalArgumentException("no model named '" + name + "'" + known(user, folder));
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IllegalStateException("could not delete the stored model '" + name + "': " + e.getMessage(), e);
        }
        return new Entry(name, model, false, false);
    }

    /** Writes a model in memory to its file (atomically: a failed write leaves any earlier file intact). */
    public Entry store(String user, String name, Path folder) {
        ModelNames.check(name);
        TrainedModel model = of(user).get(name);
        if (model == null) {
            throw new IllegalArgumentException("no model named '" + name + "' in memory" + known(user, folder));
        }
        Path file = file(folder, user, name);
        try {
            Files.createDirectories(file.getParent());
            ModelFile.save(file, model.network(), config(model));
        } catch (IOException e) {
            throw new IllegalStateException("could not store model '" + name + "': " + e.getMessage(), e);
        }
        return new Entry(name, model, true, true);
    }

    /** Reads a stored model into memory, replacing the one there. */
    public Entry load(String user, String name, Path folder) {
        ModelNames.check(name);
        Path file = file(folder, user, name);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no stored model named '" + name + "'" + known(user, folder));
        }
        TrainedModel model = read(file, name);
        of(user).put(name, model);
        return new Entry(name, model, true, true);
    }

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

    private static TrainedModel read(Path file, String name) {
        try {
            ModelFile.Contents contents = ModelFile.readModel(file);
            JsonObject json = contents.config();
            ModelConfig config = ModelConfig.fromJson(json);
            if (!json.has(ModelSpec.KEY) || !json.get(ModelSpec.KEY).isJsonObject()) {
                throw new IllegalArgumentException("its config has no '" + ModelSpec.KEY + "' settings (task, "
                        + "featureProperties, ...)");
            }
            ModelSpec spec = ModelSpec.fromJson(json.getAsJsonObject(ModelSpec.KEY));
            if (spec.featureWidth() != config.in()) {
                throw new IllegalArgumentException("its feature widths " + spec.featureWidths() + " sum to "
                        + spec.featureWidth() + " but the model takes " + config.in() + " inputs");
            }
            GnnModel network = new GnnModel(config, 0, Dataset.dtype());
            network.loadStateDict(contents.tensors());
            Map<String, Object> metrics = new LinkedHashMap<>();
            if (json.has("metrics") && json.get("metrics").isJsonObject()) {
                json.getAsJsonObject("metrics").entrySet().forEach(e -> metrics.put(e.getKey(),
                        e.getValue().getAsJsonPrimitive().isNumber() ? e.getValue().getAsDouble()
                                : e.getValue().getAsString()));
            }
            return new TrainedModel(name, network, spec, metrics);
        } catch (IOException | RuntimeException e) {
            // no cause attached: Neo4j shows a client the innermost message, and this one names the model
            String problem = String.valueOf(e.getMessage()).replace("model file " + file + ": ", "");
            throw new IllegalArgumentException("stored model '" + name + "' cannot be loaded, its file "
                    + file.getFileName() + " is damaged or not an Erlangen model: " + problem);
        }
    }

    private static Path file(Path folder, String user, String name) {
        Path userFolder = folder.resolve(ModelNames.folderOf(user)).normalize();
        Path file = userFolder.resolve(ModelNames.check(name) + SUFFIX).normalize();
        if (!file.getParent().equals(userFolder)) {
            throw new IllegalArgumentException("model name '" + name + "' leaves the model folder");
        }
        return file;
    }

    private static List<String> storedNames(String user, Path folder) {
        Path userFolder = folder.resolve(ModelNames.folderOf(user));
        if (!Files.isDirectory(userFolder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(userFolder)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(SUFFIX))
                    .map(f -> f.substring(0, f.length() - SUFFIX.length())).filter(n -> {
                        try {
                            ModelNames.check(n);
                            return true;
                        } catch (IllegalArgumentException e) {
                            return false;
                        }
                    }).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private String known(String user, Path folder) {
        TreeSet<String> names = new TreeSet<>(of(user).keySet());
        names.addAll(storedNames(user, folder));
        return names.isEmpty() ? "; there are no models" : "; models: " + String.join(", ", names);
    }

    /** Forgets every model in memory (for tests that share one JVM). */
    public void clearMemory() {
        loaded.clear();
    }

}
