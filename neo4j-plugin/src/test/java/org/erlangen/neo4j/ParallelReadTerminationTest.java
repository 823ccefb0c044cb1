package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.kernel.api.exceptions.Status;

/**
 * A parallel read (more than 8,192 nodes, concurrency 2 and 4) terminated or timed out while its readers run: the
 * readers stop first, then their execution contexts close, and the caller sees "terminated" or the timeout, never
 * Neo4j's "Execution context closed before it was marked as completed". The call repeats predict.stream, whose time
 * goes mostly into reading; TERMINATE is sent while reader threads are seen reading.
 */
class ParallelReadTerminationTest {
    /** Four ranges of at least 4,096 nodes, so that concurrency 4 reads on four threads. */
    private static final int NODES = 16_500;
    private static final String REPEATED = "UNWIND range(1, 1000000) AS i "
            + "CALL erlangen.predict.stream('m', {concurrency: $c}) YIELD nodeId RETURN count(nodeId) AS n";

    // checks timeouts every 100 ms instead of every 2 s, so that the timeout test does not wait for nothing
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create()
            .with(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(100))
            .keepingDataBetweenTests();

    @BeforeAll
    static void graphAndModel() {
        TestGraphs.create(db, TestGraphs.communities(NODES, 1), "Person", "KNOWS", 0);
        Map<String, Object> c = TestGraphs.communityTask("Person");
        c.put("relationshipTypes", List.of("KNOWS"));
        c.put("hidden", 8);
        c.put("epochs", 1);
        c.put("concurrency", 1);
        db.run("CALL erlangen.model.train('m', $c)", Map.of("c", c));
    }

    /**
     * Threads reading a range of the graph right now: inside a reader task of ParallelRanges (the caller's own thread
     * only waits there, outside any task).
     */
    private static Set<Thread> readingNow() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().endsWith(".ParallelRanges")
                        && f.getMethodName().startsWith("lambda$")))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private static Set<Thread> awaitReaders(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Set<Thread> reading = readingNow();
            if (!reading.isEmpty()) {
                return reading;
            }
            LockSupport.parkNanos(200_000);
        }
        return Set.of();
    }

    /** Once the call has failed its readers end, within a few seconds at most; none reads on. */
    private static void assertNoReaderLeft() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!readingNow().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(Set.of(), readingNow(), "a reader still runs after its call failed");
    }

    private static void assertToldTheCause(Exception failure, String... expected) {
        String message = failure.getMessage().toLowerCase();
        assertFalse(message.contains("context"), failure.getMessage());
        assertTrue(Arrays.stream(expected).anyMatch(message::contains), failure.getMessage());
    }

    /**
     * Samples, on a thread of its own, when reader threads are seen reading, so that a test can tell whether Neo4j's
     * mark came while they ran: a sample that saw readers overlapping the mark, give or take a millisecond.
     */
    private static final class ReaderSamples implements AutoCloseable {
        private final List<long[]> reading = new CopyOnWriteArrayList<>();
        private final Thread thread = new Thread(this::sample, "reader-samples");
        private volatile boolean stopped;

        ReaderSamples() {
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            while (!stopped) {
                long from = System.nanoTime();
                boolean seen = !readingNow().isEmpty();
                long to = System.nanoTime();
                if (seen) {
                    reading.add(new long[] {from, to});
                }
            }
        }

        boolean readingAt(long nanos) {
            long slack = 1_000_000;
            return reading.stream().anyMatch(s -> s[0] <= nanos + slack && s[1] >= nanos - slack);
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            thread.join();
        }
    }

    /**
     * One call terminated (once readers were seen reading, or when the timeout passed) and checked; whether the mark
     * came while readers were reading.
     */
    private static boolean stopOnce(int concurrency, TransactionConfig transaction, boolean terminate)
            throws Exception {
        try (var samples = new ReaderSamples(); var watch = TerminationWatch.start(db, "UNWIND range")) {
            var call = BackgroundCall.start(db, REPEATED, Map.of("c", concurrency), transaction);
            if (terminate) {
                String id = watch.awaitTransaction(Duration.ofSeconds(30));
                assertNotNull(id, "the call never showed up");
                assertFalse(awaitReaders(Duration.ofSeconds(10)).isEmpty(), "no reader ever ran");
                db.run("TERMINATE TRANSACTION $id", Map.of("id", id));
            }
            Exception failure = call.awaitFailure();
            if (terminate) {
                watch.assertStoppedWithinASecond(call, Status.Transaction.Terminated);
                assertToldTheCause(failure, "terminated");
            } else {
                watch.assertStoppedWithinASecond(call, Status.Transaction.TransactionTimedOutClientConfiguration);
                assertToldTheCause(failure, "timeout", "timed out", "terminated");
            }
            assertNoReaderLeft();
            var mark = watch.awaitMark(Duration.ofSeconds(1));
            return mark.seen() && samples.readingAt(mark.nanos());
        }
    }

    /** Terminated until the mark came while readers were reading (the reads take milliseconds each). */
    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void terminatedWhileReadingStopsTheReadersAndSaysTerminated(int concurrency) throws Exception {
        int attempts = 0;
        boolean hit = false;
        while (!hit && attempts < 30) {
            hit = stopOnce(concurrency, TransactionConfig.empty(), true);
            attempts++;
        }
        System.out.println("concurrency " + concurrency + ": terminated while reading at attempt " + attempts);
        assertTrue(hit, "TERMINATE never came while readers were reading");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void timedOutWhileReadingStopsTheReadersAndSaysSo(int concurrency) throws Exception {
        var timeout = TransactionConfig.builder().withTimeout(Duration.ofMillis(500)).build();
        int attempts = 0;
        boolean hit = false;
        // each try lands in a read about one time in three (CI runs needed 1 to 10): as many tries as TERMINATE gets
        while (!hit && attempts < 30) {
            hit = stopOnce(concurrency, timeout, false);
            attempts++;
        }
        System.out.println("concurrency " + concurrency + ": timed out while reading at attempt " + attempts);
        assertTrue(hit, "the timeout never came while readers were reading");
    }
}
