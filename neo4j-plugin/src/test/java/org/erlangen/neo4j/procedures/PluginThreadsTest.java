package org.erlangen.neo4j.procedures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The plugin's set-up of ND4J's threads in a server started without OMP_NUM_THREADS. */
class PluginThreadsTest {
    @Test
    void withoutOmpNumThreadsOpenBlasRunsOnTheCallingThread() {
        var blas = Nd4j.factory().blas();
        int before = blas.getMaxThreads();
        try {
            blas.setMaxThreads(2); // what ND4J gives a 2-core machine when the variable is not set
            Plugin.singleThreadedNd4j(Map.of("OMP_NUM_THREADS", "2"));
            assertEquals(2, blas.getMaxThreads(), "a thread count the user set is left alone");
            Plugin.singleThreadedNd4j(Map.of());
            assertEquals(1, blas.getMaxThreads());
        } finally {
            blas.setMaxThreads(before);
        }
    }
}
