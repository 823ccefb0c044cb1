package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A thousand calls with concurrency from 1 to 64 leave the plugin's one bounded set of kernel threads: at most
 * {@code dbms.erlangen.threads.max} less one spinning workers and a pool no larger than the cap or the processors.
 */
class ThreadsTest {
    private static final int THREADS_MAX = 4;

    @RegisterExtension
    static final TestDatabase db = TestDatabase.create().with(ErlangenSettings.THREADS_MAX, THREADS_MAX);

    @Test
    void aThousandCallsWithVaryingConcurrencyLeaveABoundedSetOfThreads() {
        TestGraphs.create(db, TestGraphs.communities(1000, 5), "Person", "KNOWS", 0);
        Map<String, Object> c = TestGraphs.communityTask("Person");
        c.put("epochs", 1);
        db.run("CALL erlangen.model.train('m', $c)", Map.of("c", c));
        long before = notNeo4js();
        for (int call = 0; call < 1000; call++) {
            int concurrency = 1 + call % 64;
            var rows = db.run("CALL erlangen.predict.stream('m', {concurrency: $c}) YIELD nodeId RETURN count(*) AS n",
                    Map.of("c", concurrency));
            assertEquals(1000, rows.get(0).get("n").asLong());
        }
        long workers = threads("erlangen-kernel-") - threads("erlangen-kernel-pool-");
        long pool = threads("erlangen-kernel-pool-");
        int processors = Runtime.getRuntime().availableProcessors();
        long after = notNeo4js();
        System.out.printf("threads after 1000 calls: %d spinning workers, %d pool threads; threads other than Neo4j's "
                + "own %d before, %d after%n", workers, pool, before, after);
        assertTrue(workers <= THREADS_MAX - 1, workers + " spinning kernel workers");
        assertTrue(threads("erlangen-step-") <= 1, threads("erlangen-step-") + " step threads for calls one at a time");
        assertTrue(pool <= Math.min(THREADS_MAX, processors), pool + " kernel pool threads");
        assertTrue(after <= before + (THREADS_MAX - 1) + Math.min(THREADS_MAX, processors),
                "threads other than Neo4j's own went from " + before + " to " + after);
    }

    /** Live threads not named by Neo4j (its background jobs and Bolt workers come and go on their own). */
    private static long notNeo4js() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.getName()
                .startsWith("neo4j.")).count();
    }

    private static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName()
                .startsWith(prefix)).count();
    }
}
