package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;
import org.neo4j.driver.Session;
import org.neo4j.driver.TransactionConfig;

/**
 * A statement run in a session on a thread of its own, expected to fail (terminated, timed out): when it failed, by
 * {@link System#nanoTime()}, and with what. Started after a {@link TerminationWatch}, it is the call the watch times.
 */
final class BackgroundCall {
    private final Thread thread;
    private volatile long failedAt;
    private volatile Exception failure;

    private BackgroundCall(TestDatabase db, String query, Map<String, Object> parameters,
            TransactionConfig transaction) {
        thread = new Thread(() -> {
            try (Session session = db.driver().session()) {
                session.run(query, parameters, transaction).consume();
            } catch (Exception e) {
                failedAt = System.nanoTime();
                failure = e;
            }
        }, "background-call");
    }

    static BackgroundCall start(TestDatabase db, String query, Map<String, Object> parameters,
            TransactionConfig transaction) {
        var call = new BackgroundCall(db, query, parameters, transaction);
        call.thread.start();
        return call;
    }

    /** The call's failure; fails the test where the call still runs half a minute on. */
    Exception awaitFailure() throws InterruptedException {
        thread.join(30_000);
        assertNotNull(failure, "the call did not stop");
        return failure;
    }

    long failedAt() {
        return failedAt;
    }
}
