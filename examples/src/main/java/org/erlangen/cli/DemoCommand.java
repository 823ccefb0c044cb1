package org.erlangen.cli;

import java.util.concurrent.Callable;
import org.erlangen.examples.neo4j.EmbeddedNeo4j;
import org.erlangen.examples.neo4j.InDatabaseDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job: Erlangen inside Neo4j. Starts an embedded database (nothing to install), loads the bundled Cora and
 * MUTAG as nodes and relationships, trains and predicts with Cypher procedure calls, and computes the accuracy with
 * plain Cypher on the written predictions.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train and predict inside an embedded Neo4j with Cypher (Cora: GCN, MUTAG: GIN).")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start()) {
            System.out.println("Embedded Neo4j with Erlangen's procedures at bolt://127.0.0.1:" + neo4j.port());
            InDatabaseDemo.Result result = new InDatabaseDemo(neo4j.driver(), System.out).run(seed);
            System.out.println();
            new Figures().put("cora_test_accuracy", result.coraAccuracy(), 4)
                    .put("mutag_test_accuracy", result.mutagAccuracy(), 4)
                    .put("seconds", (System.nanoTime() - start) / 1e9, 1)
                    .print();
        }
        return 0;
    }
}
