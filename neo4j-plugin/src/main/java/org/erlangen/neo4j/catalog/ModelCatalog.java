package org.erlangen.neo4j.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.erlangen.io.ModelFile;
import org.erlangen.neo4j.memory.PluginMemory;
import org.erlangen.neo4j.model.ModelSummary;
import org.erlangen.neo4j.model.TrainedModel;

/**
 * Models per database user: trained models live in memory; {@code store} writes one to {@code <folder>/<user>/
 * <name>.safetensors} (our model file: safetensors with the architecture and the Neo4j settings in its metadata),
 * {@code load} reads it back, so a model file written elsewhere (PyTorch, with our config) can be loaded too.
 *
 * <p>Each user sees only their own models, in memory and in their own folder ({@link UserFolder}), written readable
 * by the server's user alone and within the user's {@link ModelQuota}. A user's changes run one at a time, so
 * {@code drop} removes a model from memory and disk together or not at all, and a store cannot slip past the quota.
 * A model that is dropped or replaced has its arrays freed as soon as no call uses it ({@link #use}).
 */
public final class ModelCatalog {
    private static final ModelCatalog INSTANCE = new ModelCatalog();

    /** Per user, the models in memory by name; each map is also the lock for that user's changes. */
    private final Map<String, Map<String, HeldModel>> loaded = new ConcurrentHashMap<>();

    public static ModelCatalog instance() {
        return INSTANCE;
    }

    /** One row of {@code erlangen.model.list}; {@code summary} is null for a stored file that cannot be read. */
    public record Entry(String name, ModelSummary summary, boolean loaded, boolean stored) {
    }

    /** A model kept from being freed while a call computes with it; closing the use lets it go. */
    public static final class Use implements AutoCloseable {
        private final HeldModel held;
        private boolean closed;

        private Use(HeldModel held) {
            this.held = held;
        }

        public TrainedModel model() {
            return held.model();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                held.release();
            }
        }
    }

    private Map<String, HeldModel> of(String user) {
        return loaded.computeIfAbsent(user, u -> new ConcurrentHashMap<>());
    }

    private static UserFolder folder(String user, Path root) {
        return UserFolder.of(root, user);
    }

    /** Adds a newly trained model; a model of the same name must be dropped first. */
    public void add(String user, TrainedModel model, Path folder) {
        ModelNames.check(model.name());
        var models = of(user);
        synchronized (models) {
            if (exists(user, model.name(), folder)) {
                throw new IllegalArgumentException("a model named '" + model.name() + "' already exists; drop it "
                        + "first with erlangen.model.drop('" + model.name() + "')");
            }
            models.put(model.name(), new HeldModel(model));
        }
    }

    /** Bytes the parameters of every model in memory hold: they count against the plugin's memory limit. */
    public long bytesInMemory() {
        return loaded.values().stream().flatMap(models -> models.values().stream())
                .mapToLong(m -> m.model().parameterCount() * Float.BYTES).sum();
    }

    public boolean exists(String user, String name, Path folder) {
        return of(user).containsKey(name) || Files.exists(folder(user, folder).file(name));
    }

    /** The model in memory, or loaded from its file if only stored. */
    public TrainedModel get(String user, String name, Path folder, long limit) {
        return held(user, name, folder, limit).model();
    }

    /**
     * The model (loaded from its file if only stored), kept from being freed until the use is closed, so a drop or a
     * load while a call computes with it frees it only afterwards.
     */
    public Use use(String user, String name, Path folder, long limit) {
        while (true) {
            HeldModel held = held(user, name, folder, limit);
            if (held.acquire()) {
                return new Use(held);
            }
            // dropped or replaced between the lookup and now: look again
        }
    }

    private HeldModel held(String user, String name, Path folder, long limit) {
        ModelNames.check(name);
        var models = of(user);
        HeldModel held = models.get(name);
        if (held != null) {
            return held;
        }
        synchronized (models) {
            held = models.get(name);
            if (held != null) {
                return held;
            }
            Path file = folder(user, folder).file(name);
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("no model named '" + name + "'" + known(user, folder));
            }
            held = new HeldModel(read(file, name, limit));
            models.put(name, held);
            return held;
        }
    }

    /** Every model of the user, in memory or stored; stored ones are described from their files' headers. */
    public List<Entry> list(String user, Path folder) {
        var models = of(user);
        UserFolder userFolder = folder(user, folder);
        TreeSet<String> names = new TreeSet<>(models.keySet());
        names.addAll(userFolder.names());
        List<Entry> entries = new ArrayList<>();
        for (String name : names) {
            HeldModel held = models.get(name);
            Path file = userFolder.file(name);
            boolean stored = Files.exists(file);
            if (held != null) {
                entries.add(new Entry(name, held.summary(), true, stored));
                continue;
            }
            try {
                entries.add(new Entry(name, StoredModel.summary(file, name), false, stored));
            } catch (IllegalArgumentException damaged) {
                entries.add(new Entry(name, null, false, true));
            }
        }
        return entries;
    }

    /**
     * Removes a model from memory and from the folder, together: the file is first renamed aside (atomically), so
     * if that fails nothing has changed; then the model leaves memory and the renamed file is deleted (one that
     * cannot be is a temporary file, deleted when the server next starts).
     */
    public Entry drop(String user, String name, Path folder) {
        ModelNames.check(name);
        var models = of(user);
        synchronized (models) {
            Path file = folder(user, folder).file(name);
            boolean stored = Files.exists(file);
            HeldModel held = models.get(name);
            if (held == null && !stored) {
                throw new IllegalArgumentException("no model named '" + name + "'" + known(user, folder));
            }
            ModelSummary summary = held != null ? held.summary() : summaryOrNull(file, name);
            Path aside = null;
            if (stored) {
                aside = ModelFile.temporaryFor(file);
                try {
                    Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new IllegalStateException("could not delete the stored model '" + name + "' (nothing was "
                            + "dropped): " + e.getMessage(), e);
                }
            }
            models.remove(name);
            if (held != null) {
                held.retire();
            }
            if (aside != null) {
                try {
                    Files.deleteIfExists(aside);
                } catch (IOException e) {
                    // out of the catalog already; the next start of the server deletes it
                }
            }
            return new Entry(name, summary, false, false);
        }
    }

    private static ModelSummary summaryOrNull(Path file, String name) {
        try {
            return StoredModel.summary(file, name);
        } catch (IllegalArgumentException damaged) {
            return null;
        }
    }

    /**
     * Writes a model in memory to its file, owner-only, within the user's quota (atomically: a failed write leaves
     * any earlier file intact).
     */
    public Entry store(String user, String name, Path folder, ModelQuota quota) {
        ModelNames.check(name);
        var models = of(user);
        synchronized (models) {
            HeldModel held = models.get(name);
            if (held == null) {
                throw new IllegalArgumentException("no model named '" + name + "' in memory" + known(user, folder));
            }
            TrainedModel model = held.model();
            UserFolder userFolder = folder(user, folder);
            Path file = userFolder.file(name);
            var config = StoredModel.config(model);
            try {
                long bytes = ModelFile.fileSize(model.network(), config);
                UserFolder.Usage usage = userFolder.usageExcept(name);
                quota.check(name, usage.count() + 1, usage.bytes() + bytes, bytes);
                userFolder.create();
                ModelFile.save(file, model.network(), config, ModelFile.Access.OWNER_ONLY);
            } catch (IOException e) {
                throw new IllegalStateException("could not store model '" + name + "': " + e.getMessage(), e);
            }
            return new Entry(name, held.summary(), true, true);
        }
    }

    /** Reads a stored model into memory, replacing (and freeing) the one there. */
    public Entry load(String user, String name, Path folder, long limit) {
        ModelNames.check(name);
        var models = of(user);
        synchronized (models) {
            Path file = folder(user, folder).file(name);
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("no stored model named '" + name + "'" + known(user, folder));
            }
            TrainedModel model = read(file, name, limit);
            HeldModel replaced = models.put(name, new HeldModel(model));
            if (replaced != null) {
                replaced.retire();
            }
            return new Entry(name, model.summary(), true, true);
        }
    }

    /**
     * Reads a stored model once the plugin's memory has room for its arrays twice over (the file's and the
     * network's, while one is copied into the other), beside the running calls and the models already in memory.
     */
    private TrainedModel read(Path file, String name, long limit) {
        long bytes = 2 * StoredModel.summary(file, name).parameters() * Float.BYTES;
        try (var reservation = PluginMemory.instance().open(limit, bytesInMemory(), "erlangen.model.load('" + name
                + "')")) {
            reservation.atLeast(bytes);
            return StoredModel.load(file, name);
        }
    }

    private String known(String user, Path folder) {
        TreeSet<String> names = new TreeSet<>(of(user).keySet());
        names.addAll(folder(user, folder).names());
        return names.isEmpty() ? "; there are no models" : "; models: " + String.join(", ", names);
    }

    /** Forgets (and frees) every model in memory, for tests that share one JVM. */
    public void clearMemory() {
        for (var models : loaded.values()) {
            synchronized (models) {
                models.values().forEach(HeldModel::retire);
                models.clear();
            }
        }
        loaded.clear();
    }
}
