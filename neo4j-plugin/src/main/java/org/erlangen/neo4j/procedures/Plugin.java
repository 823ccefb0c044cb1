package org.erlangen.neo4j.procedures;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.erlangen.kernels.Concurrency;
import org.erlangen.neo4j.ErlangenExtension;
import org.erlangen.neo4j.ErlangenSettings;
import org.erlangen.neo4j.catalog.ModelQuota;
import org.nd4j.linalg.factory.Nd4j;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.internal.kernel.api.security.SecurityContext;

/**
 * What every procedure needs from the server: settings (read from {@link ErlangenExtension}, so no procedure needs
 * unrestricted access), the calling user, and ND4J set up for a shared JVM.
 */
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

    static Path modelsFolder() {
        return ErlangenExtension.config().get(ErlangenSettings.MODELS_FOLDER);
    }

    /**
     * The most the plugin's calls may hold: {@code dbms.erlangen.memory.limit} (JavaCPP's off-heap limit when 0), or
     * the server's transaction memory limits where lower. A call registers what it holds with its transaction's
     * memory tracker, so estimating against the lowest of them refuses a call before it allocates, not half-way.
     */
    static long memoryLimit() {
        var config = ErlangenExtension.config();
        long own = config.get(ErlangenSettings.MEMORY_LIMIT);
        long limit = own > 0 ? own : Pointer.maxBytes();
        for (var server : List.of(GraphDatabaseSettings.memory_transaction_max_size,
                GraphDatabaseSettings.memory_transaction_database_max_size,
                GraphDatabaseSettings.memory_transaction_global_max_size)) {
            Long bytes = config.get(server);
            if (bytes != null && bytes > 0) {
                limit = Math.min(limit, bytes);
            }
        }
        return limit;
    }

    static ModelQuota quota() {
        var config = ErlangenExtension.config();
        return new ModelQuota(config.get(ErlangenSettings.MODELS_QUOTA_COUNT),
                config.get(ErlangenSettings.MODELS_QUOTA_BYTES));
    }

    /**
     * The threads a call may use: its {@code concurrency}, capped to {@code dbms.erlangen.threads.max}, which also
     * caps the kernel threads of every call together.
     */
    static int concurrency(int requested) {
        int max = ErlangenExtension.config().get(ErlangenSettings.THREADS_MAX);
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
