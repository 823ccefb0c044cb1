package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.kernel.api.exceptions.Status;

/**
 * The largest model the default limits allow stops within a second of its transaction being terminated or timing
 * out, in the middle of a step: hidden 4096 (the most {@code hidden} allows) and as many layers as the default memory
 * limit (dbms.erlangen.memory.limit 0, the JVM's off-heap limit: 4 GiB in these tests) admits on 3,000 nodes. One
 * training step of it runs for many seconds (each layer's [3000, 4096] x [4096, 4096] product, forward and backward);
 * checked only between steps, a terminated call ran on for the rest of the step. The tests terminate once the call is
 * seen inside a step (its thread's stack), so that they show the check inside it, and wait no longer.
 */
class LargeModelTerminationTest {
    private static final String TRAIN = "CALL erlangen.model.train";
    private static final String STREAM = "CALL erlangen.predict.stream";
    private static final int NODES = 3000;
    private static final int HIDDEN = 4096;
    private static int layers;

    // checks timeouts every 100 ms instead of every 2 s, so that the timeout test does not wait for nothing
    @RegisterExtension
    static final TestDatabase db = TestDatabase.create()
            .with(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(100))
            .keepingDataBetweenTests();

    /**
     * The graph, and the largest model that fits: the deepest at hidden 4096 whose estimate the limit admits. A small
     * training first, so that the timed calls do not include loading ND4J's native libraries.
     */
    @BeforeAll
    static void graphAndLargestModel() {
        TestGraphs.create(db, TestGraphs.communities(NODES, 1), "Person", "KNOWS", 0);
        TestGraphs.create(db, TestGraphs.communities(40, 2), "Few", "KNOWS", 0);
        Map<String, Object> warmUp = config("Few", 2);
        warmUp.put("hidden", 8);
        warmUp.put("epochs", 2);
        db.run(TRAIN + "('warm-up', $c)", Map.of("c", warmUp));
        layers = 32; // the most TrainConfig allows
        while (layers > 0 && !db.single("CALL erlangen.model.train.estimate($c)", Map.of("c", config("Person",
                layers))).get("fits").asBoolean()) {
            layers--;
        }
        assertTrue(layers >= 2, "the default limit admits " + layers + " layers of " + HIDDEN);
        System.out.println("the largest model the default limit admits on " + NODES + " nodes: hidden " + HIDDEN
                + ", " + layers + " layers, " + db.single("CALL erlangen.model.train.estimate($c)",
                        Map.of("c", config("Person", layers))).asMap());
    }

    /**
     * Waits until a thread runs inside {@code method} of a class whose name ends with {@code inside}, and
     * {@code within} further up its stack: the call has reached that point (a training step, a forward pass).
     */
    private static void awaitInside(String inside, String method, String within, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
                boolean in = Arrays.stream(stack).anyMatch(f -> f.getClassName().endsWith(inside)
                        && f.getMethodName().equals(method));
                if (in && Arrays.stream(stack).anyMatch(f -> f.getClassName().endsWith(within))) {
                    return;
                }
            }
            LockSupport.parkNanos(5_000_000);
        }
        fail("the call never reached " + inside + "." + method + " within " + within);
    }

    private static Map<String, Object> config(String label, int layers) {
        Map<String, Object> c = TestGraphs.communityTask(label);
        c.put("relationshipTypes", List.of("KNOWS"));
        c.put("hidden", HIDDEN);
        c.put("layers", layers);
        c.put("epochs", 1_000_000);
        return c;
    }

    /** Terminated half a second into the first training step, inside the first layer's product. */
    @Test
    void aTerminatedStepOfTheLargestModelStopsWithinASecond() throws Exception {
        try (var watch = TerminationWatch.start(db, TRAIN)) {
            var training = BackgroundCall.start(db, TRAIN + "('large', $c)", Map.of("c", config("Person", layers)),
                    TransactionConfig.empty());
            String id = watch.awaitTransaction(Duration.ofSeconds(30));
            assertNotNull(id, "the training call never showed up");
            awaitInside(".GnnModel", "embed", "ModelTrainer$Fitting", Duration.ofSeconds(60));
            Thread.sleep(500);
            db.run("TERMINATE TRANSACTION $id", Map.of("id", id));
            Exception failure = training.awaitFailure();
            watch.assertStoppedWithinASecond(training, Status.Transaction.Terminated);
            assertTrue(failure.getMessage().toLowerCase().contains("terminated"), failure.getMessage());
        }
        assertFalse(db.run("CALL erlangen.model.list() YIELD modelName RETURN modelName").stream()
                .anyMatch(r -> r.get("modelName").asString().equals("large")), "a terminated training added a model");
    }

    /** A 4 s timeout, wherever the call is by then (building the model or in its first step). */
    @Test
    void aTimedOutStepOfTheLargestModelStopsWithinASecond() throws Exception {
        try (var watch = TerminationWatch.start(db, TRAIN)) {
            var training = BackgroundCall.start(db, TRAIN + "('timed', $c)", Map.of("c", config("Person", layers)),
                    TransactionConfig.builder().withTimeout(Duration.ofSeconds(4)).build());
            Exception failure = training.awaitFailure();
            watch.assertStoppedWithinASecond(training, Status.Transaction.TransactionTimedOutClientConfiguration);
            String message = failure.getMessage().toLowerCase();
            assertTrue(message.contains("timeout") || message.contains("terminated"), failure.getMessage());
        }
    }

    /**
     * The same model trained for one epoch on 40 nodes, then streaming predictions for the 3,000: its forward pass
     * alone runs for seconds, and stops between layers and between slabs of each layer's product.
     */
    @Test
    void aTerminatedPredictionOfTheLargestModelStopsWithinASecond() throws Exception {
        Map<String, Object> c = config("Few", layers);
        c.put("epochs", 1);
        db.run(TRAIN + "('large-few', $c)", Map.of("c", c));
        try (var watch = TerminationWatch.start(db, STREAM)) {
            var prediction = BackgroundCall.start(db, STREAM + "('large-few', {nodeLabels: ['Person']})", Map.of(),
                    TransactionConfig.empty());
            String id = watch.awaitTransaction(Duration.ofSeconds(30));
            assertNotNull(id, "the prediction call never showed up");
            awaitInside(".GnnModel", "embed", ".Forward", Duration.ofSeconds(60));
            Thread.sleep(500);
            db.run("TERMINATE TRANSACTION $id", Map.of("id", id));
            Exception failure = prediction.awaitFailure();
            watch.assertStoppedWithinASecond(prediction, Status.Transaction.Terminated);
            assertTrue(failure.getMessage().toLowerCase().contains("terminated"), failure.getMessage());
        } finally {
            db.run("CALL erlangen.model.drop('large-few')");
        }
    }
}
