package org.erlangen.examples.neo4j;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/**
 * The in-database demo, step by step in Cypher: load a dataset as nodes and relationships, train with
 * {@code erlangen.model.train}, write predictions with {@code erlangen.predict.write}, and measure accuracy with
 * plain Cypher on the written property. Each statement is printed before it runs.
 */
public final class InDatabaseDemo {
    /** Cora, a node task: the subject of each paper from its words and citations (GCN, Kipf and Welling). */
    public static final String TRAIN_CORA = """
            CALL erlangen.model.train('cora-gcn', {
              task: 'nodeClassification', model: 'gcn',
              nodeLabels: ['Paper'], relationshipTypes: ['CITES'], orientation: 'UNDIRECTED',
              featureProperties: ['features'], targetProperty: 'subject', splitProperty: 'split',
              hidden: 16, layers: 2, dropout: 0.5, learningRate: 0.01, weightDecay: 0.0005, epochs: 200, seed: $seed
            })
            YIELD trainCount, validationCount, testCount, bestEpoch, validationMetric, trainMillis
            RETURN trainCount, validationCount, testCount, bestEpoch, validationMetric, trainMillis""";
    public static final String WRITE_CORA = """
            CALL erlangen.predict.write('cora-gcn', {writeProperty: 'predictedSubject'})
            YIELD nodePropertiesWritten, computeMillis, writeMillis
            RETURN nodePropertiesWritten, computeMillis, writeMillis""";
    public static final String ACCURACY_CORA = """
            MATCH (p:Paper {split: 'test'})
            RETURN avg(CASE WHEN p.predictedSubject = p.subject THEN 1.0 ELSE 0.0 END) AS testAccuracy""";

    /** MUTAG, a graph task: whether a molecule is mutagenic, from its atoms and bonds (GIN, Xu et al.). */
    public static final String TRAIN_MUTAG = """
            CALL erlangen.model.train('mutag-gin', {
              task: 'graphClassification', model: 'gin',
              nodeLabels: ['Atom'], relationshipTypes: ['BOND'], orientation: 'UNDIRECTED',
              featureProperties: ['features'], targetProperty: 'mutagenic', graphIdProperty: 'molecule',
              splitProperty: 'split', hidden: 32, layers: 5, readout: 'sum', dropout: 0.5, learningRate: 0.01,
              epochs: 100, batchSize: 32, seed: $seed
            })
            YIELD graphCount, trainCount, validationCount, testCount, bestEpoch, validationMetric, trainMillis
            RETURN graphCount, trainCount, validationCount, testCount, bestEpoch, validationMetric, trainMillis""";
    public static final String WRITE_MUTAG = """
            CALL erlangen.predict.write('mutag-gin', {writeProperty: 'predictedMutagenic'})
            YIELD nodePropertiesWritten, graphCount
            RETURN nodePropertiesWritten, graphCount""";
    public static final String ACCURACY_MUTAG = """
            MATCH (a:Atom {split: 'test'})
            WITH a.molecule AS molecule, head(collect(a)) AS atom
            RETURN avg(CASE WHEN atom.predictedMutagenic = atom.mutagenic THEN 1.0 ELSE 0.0 END) AS testAccuracy,
                   count(*) AS testMolecules""";

    public record Result(double coraAccuracy, double mutagAccuracy) {
    }

    private final Driver driver;
    private final PrintStream out;

    public InDatabaseDemo(Driver driver, PrintStream out) {
        this.driver = driver;
        this.out = out;
    }

    public Result run(long seed) throws IOException {
        DemoGraphs.Rows cora = DemoGraphs.cora();
        load("Paper", "CITES", cora);
        run(TRAIN_CORA, Map.of("seed", seed));
        run(WRITE_CORA, Map.of());
        double coraAccuracy = run(ACCURACY_CORA, Map.of()).get(0).get("testAccuracy").asDouble();

        DemoGraphs.Rows mutag = DemoGraphs.mutag();
        load("Atom", "BOND", mutag);
        run(TRAIN_MUTAG, Map.of("seed", seed));
        run(WRITE_MUTAG, Map.of());
        double mutagAccuracy = run(ACCURACY_MUTAG, Map.of()).get(0).get("testAccuracy").asDouble();
        return new Result(coraAccuracy, mutagAccuracy);
    }

    /** Creates the rows as nodes with {@code label} and relationships of {@code type}, printing the statements. */
    public void load(String label, String type, DemoGraphs.Rows rows) {
        run("CREATE INDEX IF NOT EXISTS FOR (n:" + label + ") ON (n.id)", Map.of());
        // properties of each row: id, features and the rest (subject, split, molecule, ...)
        String create = "UNWIND $rows AS row CREATE (n:" + label + ") SET n = row";
        out.println();
        out.println(create + "   // " + rows.nodes().size() + " rows, in batches");
        try (Session session = driver.session()) {
            for (int from = 0; from < rows.nodes().size(); from += 500) {
                session.run(create, Map.of("rows", rows.nodes().subList(from, Math.min(rows.nodes().size(),
                        from + 500)))).consume();
            }
        }
        run("CALL db.awaitIndexes()", Map.of());
        String relate = "UNWIND $rows AS row MATCH (a:" + label + " {id: row.from}), (b:" + label
                + " {id: row.to}) CREATE (a)-[:" + type + "]->(b)";
        out.println();
        out.println(relate + "   // " + rows.relationships().size() + " rows");
        try (Session session = driver.session()) {
            session.run(relate, Map.of("rows", rows.relationships())).consume();
        }
    }

    private List<Record> run(String cypher, Map<String, Object> parameters) {
        out.println();
        out.println(cypher + (parameters.isEmpty() ? "" : "   // parameters " + parameters));
        try (Session session = driver.session()) {
            List<Record> records = session.run(cypher, parameters).list();
            for (Record r : records) {
                out.println("  -> " + r.asMap());
            }
            return records;
        }
    }
}
