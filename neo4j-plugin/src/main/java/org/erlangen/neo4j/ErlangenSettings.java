package org.erlangen.neo4j;

import static org.neo4j.configuration.SettingConstraints.min;
import static org.neo4j.configuration.SettingImpl.newBuilder;
import static org.neo4j.configuration.SettingValueParsers.BYTES;
import static org.neo4j.configuration.SettingValueParsers.INT;
import static org.neo4j.configuration.SettingValueParsers.PATH;

import java.nio.file.Path;
import org.neo4j.configuration.Description;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingsDeclaration;
import org.neo4j.graphdb.config.Setting;

/**
 * The plugin's settings in neo4j.conf, declared so that Neo4j's strict config validation accepts them. Neo4j only
 * admits settings in its own namespaces, so ours live under {@code dbms.erlangen.}.
 */
public final class ErlangenSettings implements SettingsDeclaration {
    @Description("Folder of stored Erlangen models, one subfolder per database user. A relative path is resolved "
            + "against the data directory.")
    public static final Setting<Path> MODELS_FOLDER = newBuilder("dbms.erlangen.models.folder", PATH,
            Path.of("erlangen-models")).setDependency(GraphDatabaseSettings.data_directory).build();

    @Description("Training and prediction calls whose memory estimate exceeds this many bytes are refused before "
            + "they start. 0 means the JVM's off-heap limit (JavaCPP's maxBytes).")
    public static final Setting<Long> MEMORY_LIMIT = newBuilder("dbms.erlangen.memory.limit", BYTES, 0L).dynamic()
            .build();

    @Description("How many models each database user may keep in the models folder; erlangen.model.store refuses "
            + "more. 0 disables storing.")
    public static final Setting<Integer> MODELS_QUOTA_COUNT = newBuilder("dbms.erlangen.models.quota.count", INT, 100)
            .addConstraint(min(0)).dynamic().build();

    @Description("How many bytes of model files each database user may keep in the models folder; "
            + "erlangen.model.store refuses a model that would take the user's files above it.")
    public static final Setting<Long> MODELS_QUOTA_BYTES = newBuilder("dbms.erlangen.models.quota.bytes", BYTES,
            1L << 30).addConstraint(min(0L)).dynamic().build();

    @Description("The most threads the plugin's calls use together for their kernels, and any one call for its "
            + "reads; a call's concurrency is capped to it. 0 means the number of processors.")
    public static final Setting<Integer> THREADS_MAX = newBuilder("dbms.erlangen.threads.max", INT, 0).dynamic()
            .addConstraint(min(0)).build();
}
