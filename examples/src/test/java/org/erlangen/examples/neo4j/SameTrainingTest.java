package org.erlangen.examples.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.erlangen.examples.CoraGcn;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

/**
 * One training loop, one meaning per setting: the command line's Cora GCN ({@code ./erlangen cora}) and the demo's
 * {@code erlangen.model.train} in Cypher use the same settings and, from the same seed, train to the same losses.
 */
class SameTrainingTest {
    private static final int EPOCHS = 15;
    private static final long SEED = 42;

    @Test
    void commandLineAndCypherTrainCoraToTheSameLosses() throws Exception {
        List<Double> fromJava = new ArrayList<>();
        CoraGcn.train(CoraGcn.loadBundled(), EPOCHS, SEED, epoch -> fromJava.add(epoch.loss()));

        List<Double> fromCypher = new ArrayList<>();
        try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(); Session session = neo4j.driver().session()) {
            new InDatabaseDemo(neo4j.driver(), new PrintStream(OutputStream.nullOutputStream()))
                    .load("Paper", "CITES", DemoGraphs.cora());
            // the demo's own statement, for fewer epochs, yielding the loss of every epoch
            String train = InDatabaseDemo.TRAIN_CORA.replace("epochs: 200", "epochs: " + EPOCHS)
                    .replace("YIELD trainCount", "YIELD epochMetrics, trainCount")
                    .replace("RETURN trainCount", "RETURN epochMetrics, trainCount");
            Value epochs = session.run(train, Map.of("seed", SEED)).single().get("epochMetrics");
            epochs.values().forEach(e -> fromCypher.add(e.get("loss").asDouble()));
        }
        assertEquals(EPOCHS, fromJava.size());
        assertEquals(EPOCHS, fromCypher.size());
        for (int e = 0; e < EPOCHS; e++) {
            // the same float32 arithmetic; only the order in which relationships are read can change a sum's rounding
            assertEquals(fromJava.get(e), fromCypher.get(e), 1e-5 * Math.abs(fromJava.get(e)),
                    "epoch " + (e + 1) + ": command line " + fromJava + ", Cypher " + fromCypher);
        }
    }
}
