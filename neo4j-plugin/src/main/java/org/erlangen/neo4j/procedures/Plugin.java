package org.erlangen.neo4j.procedures;

import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;
import org.erlangen.kernels.Concurrency;
import org.erlangen.neo4j.ErlangenSettings;
import org.nd4j.linalg.factory.Nd4j;
import org.neo4j.configuration.Config;
import org.neo4j.internal.kernel.api.security.SecurityContext;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/** What every procedure needs from the server: settings, the calling user, and ND4J set up for a shared JVM. */
final class Plugin {
    static {
        // ND4J's OpenMP threads spin while they wait, which costs more than it gains on graph-sized work here and
        // takes cores from the database; our sparse kernels use their own threads (the concurrency key).
        if (System.getenv("OMP_NUM_THREADS") == null) {
            Nd4j.getEnvironment().setMaxThreads(1);
        }
    }

    private Plugin() {
    }

    static Path modelsFolder(GraphDatabaseAPI db) {
        return config(db).get(ErlangenSettings.MODELS_FOLDER);
    }

    static long memoryLimit(GraphDatabaseAPI db) {
        long limit = config(db).get(ErlangenSettings.MEMORY_LIMIT);
        return limit > 0 ? limit : Pointer.maxBytes();
    }

    /**
     * The threads a call may use: its {@code concurrency}, capped to {@code dbms.erlangen.threads.max}, which also
     * caps the kernel threads of every call together.
     */
    static int concurrency(GraphDatabaseAPI db, int requested) {
        int max = config(db).get(ErlangenSettings.THREADS_MAX);
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

    private static Config config(GraphDatabaseAPI db) {
        return db.getDependencyResolver().resolveDependency(Config.class);
    }
}
