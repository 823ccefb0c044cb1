package org.erlangen.neo4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.erlangen.neo4j.catalog.ModelsFolder;
import org.neo4j.configuration.Config;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.kernel.extension.ExtensionFactory;
import org.neo4j.kernel.extension.ExtensionType;
import org.neo4j.kernel.extension.context.ExtensionContext;
import org.neo4j.kernel.lifecycle.Lifecycle;
import org.neo4j.kernel.lifecycle.LifecycleAdapter;
import org.neo4j.logging.InternalLog;
import org.neo4j.logging.internal.LogService;

/**
 * Hands the procedures the server's settings. A procedure may inject only what Neo4j deems safe for a restricted
 * procedure (its transaction, the security context, the termination guard, a log), and the configuration is not
 * among them: reading it through an injected {@code GraphDatabaseAPI} made every {@code erlangen.*} procedure need
 * {@code dbms.security.procedures.unrestricted}, a handle that ignores the caller's access rules. Neo4j instead starts
 * this extension once with the DBMS (it is listed in {@code META-INF/services}) and hands it the configuration, which
 * the procedures read here ({@link #settings}). Dynamic settings keep their current values, since the configuration
 * object is live.
 * As the DBMS starts, before any call, it also tidies the models folder ({@link ModelsFolder#prepare}).
 */
public final class ErlangenExtension extends ExtensionFactory<ErlangenExtension.Dependencies> {
    private static final AtomicReference<Config> CONFIG = new AtomicReference<>();
    /** The configuration of a DBMS that did not start the extension, once its models folder is prepared. */
    private static final AtomicReference<Config> UNDECLARED = new AtomicReference<>();

    /** What the extension asks Neo4j for. */
    public interface Dependencies {
        Config config();

        LogService logService();
    }

    public ErlangenExtension() {
        super(ExtensionType.GLOBAL, "erlangen");
    }

    @Override
    public Lifecycle newInstance(ExtensionContext context, Dependencies dependencies) {
        Config config = dependencies.config();
        InternalLog log = dependencies.logService().getUserLog(ErlangenExtension.class);
        return new LifecycleAdapter() {
            @Override
            public void init() {
                CONFIG.set(config);
                prepareModelsFolder(config.get(ErlangenSettings.MODELS_FOLDER), log);
            }

            @Override
            public void shutdown() {
                CONFIG.compareAndSet(config, null);
            }
        };
    }

    /**
     * The settings of the DBMS that runs a procedure called on {@code db}. Neo4j starts this extension, and declares
     * {@link ErlangenSettings}, for a plugin jar on its class path, as a server's plugins folder is. From the plugin
     * folder of an embedded database ({@code server.directories.plugins}) it loads the procedures alone: then the
     * DBMS's configuration is read through {@code db}'s dependency resolver (the database a procedure is given is
     * Neo4j's internal one; only the configuration is taken from it), and ours keep their defaults.
     */
    public static PluginSettings settings(GraphDatabaseService db) {
        Config config = CONFIG.get();
        if (config != null) {
            return new PluginSettings(config, true);
        }
        return undeclared(db);
    }

    private static synchronized PluginSettings undeclared(GraphDatabaseService db) {
        var resolver = ((GraphDatabaseAPI) db).getDependencyResolver();
        Config config = resolver.resolveDependency(Config.class);
        var settings = new PluginSettings(config, false);
        if (UNDECLARED.get() != config) {
            // what init() does for the extension, once per DBMS
            prepareModelsFolder(settings.modelsFolder(),
                    resolver.resolveDependency(LogService.class).getUserLog(ErlangenExtension.class));
            UNDECLARED.set(config);
        }
        return settings;
    }

    private static void prepareModelsFolder(Path folder, InternalLog log) {
        try {
            var prepared = ModelsFolder.prepare(folder);
            if (prepared.temporariesRemoved() + prepared.foldersRenamed() > 0) {
                log.info("Erlangen models folder %s: removed %d temporary files left by a crash, renamed %d user "
                        + "folders to the current naming", folder, prepared.temporariesRemoved(),
                        prepared.foldersRenamed());
            }
        } catch (IOException e) {
            // the server starts regardless; a store or drop there reports its own failure
            log.warn("Erlangen could not tidy the models folder %s: %s", folder, e.getMessage());
        }
    }
}
