package org.erlangen.neo4j.procedures;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.erlangen.kernels.Concurrency;
import org.erlangen.neo4j.ErlangenExtension;
import org.erlangen.neo4j.PluginSettings;
import org.erlangen.neo4j.catalog.ModelQuota;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4j;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.kernel.api.security.SecurityContext;

/**
 * What every procedure needs from the server: settings (read from {@link ErlangenExtension}, so no procedure needs
 * unrestricted access), the calling user, and ND4J set up for a shared JVM.
 */
final class Plugin {
    static {
        // ND4J finds its backend (and the backend its natives) through this class loader, by default the thread's
        // context class loader. That sees the plugin jar where Neo4j puts it on its class path (a server's plugins
        // folder), but not where Neo4j loads the jar through a class loader of its own (an embedded database's
        // plugin folder), so ND4J looks where it is itself loaded from.
        ND4JClassLoading.setNd4jClassloaderFromClass(Nd4j.class);
        singleThreadedNd4j(System.getenv());
    }

    /**
     * ND4J's OpenMP threads and OpenBLAS's own threads spin while they wait, which costs more than it gains on
     * graph-sized work here and takes cores from the database; our sparse kernels use their own threads (the
     * concurrency key). Unless {@code OMP_NUM_THREADS} says otherwise, both run on the calling thread. ND4J sizes
     * OpenBLAS's pool from that variable alone, so a server started without it got a spinning thread per core:
     * a sampled training step on a million-node graph took 3 times as long on this project's 2-core machine.
     */
    static void singleThreadedNd4j(Map<String, String> environment) {
        if (environment.get("OMP_NUM_THREADS") == null) {
            Nd4j.getEnvironment().setMaxThreads(1);
            Nd4j.factory().blas().setMaxThreads(1);
        }
    }

    private Plugin() {
    }

    /**
     * Sets ND4J up (above), before anything can touch it: the procedure classes call this as they initialise, ahead
     * of any code of theirs.
     */
    static void setUp() {
        // the static initialiser has run by now
    }

    static Path modelsFolder(GraphDatabaseService db) {
        return ErlangenExtension.settings(db).modelsFolder();
    }

    /**
     * The most the plugin's calls may hold: {@code dbms.erlangen.memory.limit} (JavaCPP's off-heap limit when 0), or
     * the server's transaction memory limits where lower. A call registers what it holds with its transaction's
     * memory tracker, so estimating against the lowest of them refuses a call before it allocates, not half-way.
     */
    static long memoryLimit(GraphDatabaseService db) {
        PluginSettings settings = ErlangenExtension.settings(db);
        long own = settings.memoryLimit();
        long limit = own > 0 ? own : Pointer.maxBytes();
        for (var server : List.of(GraphDatabaseSettings.memory_transaction_max_size,
                GraphDatabaseSettings.memory_transaction_database_max_size,
                GraphDatabaseSettings.memory_transaction_global_max_size)) {
            Long bytes = settings.server(server);
            if (bytes != null && bytes > 0) {
                limit = Math.min(limit, bytes);
            }
        }
        return limit;
    }

    static ModelQuota quota(GraphDatabaseService db) {
        PluginSettings settings = ErlangenExtension.settings(db);
        return new ModelQuota(settings.modelsQuotaCount(), settings.modelsQuotaBytes());
    }

    /**
     * The threads a call may use: its {@code concurrency}, capped to {@code dbms.erlangen.threads.max}, which also
     * caps the kernel threads of every call together.
     */
    static int concurrency(GraphDatabaseService db, int requested) {
        int max = ErlangenExtension.settings(db).threadsMax();
        int limit = max > 0 ? max : Runtime.getRuntime().availableProcessors();
        if (Concurrency.limit() != limit) {
            Concurrency.setLimit(limit);
        }
        return Math.min(requested, limit);
    }

    static String user(SecurityContext security) {
        String user = security.subject().executingUser();
        return user == null ? "" : user;
    }
}
