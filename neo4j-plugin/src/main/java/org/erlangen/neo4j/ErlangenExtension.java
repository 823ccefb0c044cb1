package org.erlangen.neo4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.erlangen.neo4j.catalog.ModelsFolder;
import org.neo4j.configuration.Config;
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
 * the procedures read here. Dynamic settings keep their current values, since the configuration object is live.
 * As the DBMS starts, before any call, it also tidies the models folder ({@link ModelsFolder#prepare}).
 */
public final class ErlangenExtension extends ExtensionFactory<ErlangenExtension.Dependencies> {
    private static final AtomicReference<Config> CONFIG = new AtomicReference<>();

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
                Path folder = config.get(ErlangenSettings.MODELS_FOLDER);
                try {
                    var prepared = ModelsFolder.prepare(folder);
                    if (prepared.temporariesRemoved() + prepared.foldersRenamed() > 0) {
                        log.info("Erlangen models folder %s: removed %d temporary files left by a crash, renamed %d "
                                + "user folders to the current naming", folder, prepared.temporariesRemoved(),
                                prepared.foldersRenamed());
                    }
                } catch (IOException e) {
                    // the server starts regardless; a store or drop there reports its own failure
                    log.warn("Erlangen could not tidy the models folder %s: %s", folder, e.getMessage());
                }
            }

            @Override
            public void shutdown() {
                CONFIG.compareAndSet(config, null);
            }
        };
    }

    /** The running DBMS's settings. */
    public static Config config() {
        Config config = CONFIG.get();
        if (config == null) {
            throw new IllegalStateException("the Erlangen extension has not started, so the plugin cannot read its "
                    + "settings: is the plugin jar in the server's plugins folder (not only its procedures "
                    + "registered)?");
        }
        return config;
    }
}
