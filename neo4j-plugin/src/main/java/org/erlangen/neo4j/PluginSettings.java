package org.erlangen.neo4j;

import java.nio.file.Path;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.graphdb.config.Setting;

/**
 * The settings the procedures read: the DBMS's own, and ours ({@link ErlangenSettings}) where Neo4j declared them.
 * It does not when it loads the jar from an embedded database's plugin folder (only the procedures are loaded from
 * there); ours then keep their defaults, the models folder resolved against the data directory as Neo4j would.
 */
public final class PluginSettings {
    private final Config config;
    private final boolean declared;

    PluginSettings(Config config, boolean declared) {
        this.config = config;
        this.declared = declared;
    }

    public Path modelsFolder() {
        return declared ? config.get(ErlangenSettings.MODELS_FOLDER)
                : config.get(GraphDatabaseSettings.data_directory).resolve(
                        ErlangenSettings.MODELS_FOLDER.defaultValue());
    }

    public long memoryLimit() {
        return ours(ErlangenSettings.MEMORY_LIMIT);
    }

    public int modelsQuotaCount() {
        return ours(ErlangenSettings.MODELS_QUOTA_COUNT);
    }

    public long modelsQuotaBytes() {
        return ours(ErlangenSettings.MODELS_QUOTA_BYTES);
    }

    public int threadsMax() {
        return ours(ErlangenSettings.THREADS_MAX);
    }

    /** One of Neo4j's own settings. */
    public <T> T server(Setting<T> setting) {
        return config.get(setting);
    }

    private <T> T ours(Setting<T> setting) {
        return declared ? config.get(setting) : setting.defaultValue();
    }
}
