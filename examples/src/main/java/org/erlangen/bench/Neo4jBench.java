package org.erlangen.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.erlangen.examples.neo4j.EmbeddedNeo4j;
import org.neo4j.driver.Session;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;

/**
 * Erlangen's procedures against Neo4j Graph Data Science's GraphSAGE in one embedded database, on one random graph:
 * nodes with float features and a class, relationships mostly within a class, read as undirected. Each side is timed
 * through the Java driver as a user would call it, median of {@code repeats} runs after ten warm-up runs.
 * Erlangen's training call reads the graph from the database itself; GDS trains on a projection made once before
 * (its time is reported apart, as {@code gds_project_ms}).
 */
public final class Neo4jBench {
    /** GDS 2.13's procedure classes for what the benchmark calls. */
    static final List<String> GDS_PROCEDURES = List.of("org.neo4j.gds.catalog.GraphProjectProc",
            "org.neo4j.gds.catalog.GraphDropProc", "org.neo4j.gds.embeddings.graphsage.GraphSageTrainProc",
            "org.neo4j.gds.embeddings.graphsage.GraphSageStreamProc", "org.neo4j.gds.model.catalog.ModelDropProc");

    public record Result(double erlangenTrainMs, double gdsTrainMs, double erlangenStreamMs, double gdsStreamMs,
            double gdsProjectMs, long streamedRows, double loadSeconds, Map<String, Double> peakGib) {
    }

    private final int nodes;
    private final int relationships;
    private final int features;
    private final int classes;
    private final long seed;

    private int[] fanouts;
    private int batchSize;

    public Neo4jBench(int nodes, int relationships, int features, int classes, long seed) {
        this.nodes = nodes;
        this.relationships = relationships;
        this.features = features;
        this.classes = classes;
        this.seed = seed;
    }

    /**
     * Mini-batch training on both sides: our {@code fanouts} (from the seeds outward) and GDS's {@code sampleSizes}
     * in its own order (by layer from the input: ours reversed), the same batch size; our predictions then run
     * layer-wise. Without it ours trains full-batch and GDS keeps its default sample sizes [25, 10].
     */
    public Neo4jBench sampled(int[] perHop, int batch) {
        this.fanouts = perHop.clone();
        this.batchSize = batch;
        return this;
    }

    public Result run(int repeats, int concurrency) throws Exception {
        try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(GDS_PROCEDURES, List.of("gds.*"))) {
            long loadStart = System.nanoTime();
            load(neo4j);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            System.out.printf(Locale.ROOT, "loaded in %.1f s%n", loadSeconds);
            try (Session session = neo4j.driver().session()) {
                double project = time(() -> {
                    session.run("CALL gds.graph.project('bench', 'Item', {LINK: {orientation: 'UNDIRECTED'}}, "
                            + "{nodeProperties: ['features']})").consume();
                    return 0L;
                });
                String sampling = fanouts == null ? "" : ", fanouts: " + Arrays.toString(fanouts) + ", batchSize: "
                        + batchSize;
                String ours = "CALL erlangen.model.train($name, {task: 'nodeClassification', model: 'sage', "
                        + "nodeLabels: ['Item'], relationshipTypes: ['LINK'], orientation: 'UNDIRECTED', "
                        + "featureProperties: ['features'], targetProperty: 'class', hidden: 64, layers: 2, "
                        + "epochs: 1, concurrency: $concurrency" + sampling + "})";
                String sampleSizes = fanouts == null ? "[25, 10]" : Arrays.toString(reversed(fanouts));
                String theirs = "CALL gds.beta.graphSage.train('bench', {modelName: $name, "
                        + "featureProperties: ['features'], embeddingDimension: 64, sampleSizes: " + sampleSizes + ", "
                        + "aggregator: 'mean', epochs: 1, maxIterations: 1, batchSamplingRatio: 1.0, "
                        + (fanouts == null ? "" : "batchSize: " + batchSize + ", ")
                        + "concurrency: $concurrency})";
                int[] run = {0};
                double oursTrain = median("erlangen_train", repeats, () -> {
                    String name = "ours" + run[0]++;
                    session.run(ours, Map.of("name", name, "concurrency", concurrency)).consume();
                    return 0L;
                });
                // GDS's open edition keeps at most three models: each timed one is dropped after, bar the last
                String[] last = {null};
                double theirsTrain = median("gds_train", repeats, () -> {
                    if (last[0] != null) {
                        session.run("CALL gds.model.drop($name)", Map.of("name", last[0])).consume();
                    }
                    last[0] = "theirs" + run[0]++;
                    session.run(theirs, Map.of("name", last[0], "concurrency", concurrency)).consume();
                    return 0L;
                });
                long[] rows = {0};
                double oursStream = median("erlangen_stream", repeats, () -> {
                    rows[0] = session.run("CALL erlangen.predict.stream('ours0', {concurrency: $concurrency}) "
                            + "YIELD nodeId, prediction, probabilities RETURN nodeId, prediction, probabilities",
                            Map.of("concurrency", concurrency)).list().size() * 1L;
                    return rows[0];
                });
                double theirsStream = median("gds_stream", repeats, () -> session.run("CALL gds.beta.graphSage.stream('bench', "
                        + "{modelName: $model, concurrency: $concurrency}) YIELD nodeId, embedding "
                        + "RETURN nodeId, embedding", Map.of("model", last[0],
                        "concurrency", concurrency)).list().size() * 1L);
                return new Result(oursTrain, theirsTrain, oursStream, theirsStream, project, rows[0], loadSeconds,
                        Map.copyOf(peaks));
            }
        }
    }

    private static int[] reversed(int[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[values.length - 1 - i];
        }
        return out;
    }

    /** Bulk load through the embedded API: features near a class centre, 80% of relationships within a class. */
    private void load(EmbeddedNeo4j neo4j) {
        Random random = new Random(seed);
        float[][] centres = new float[classes][features];
        for (float[] c : centres) {
            for (int k = 0; k < features; k++) {
                c[k] = (float) random.nextGaussian();
            }
        }
        int[] classOf = new int[nodes];
        List<String> ids = new ArrayList<>(nodes);
        Label label = Label.label("Item");
        for (int from = 0; from < nodes; from += 10_000) {
            try (Transaction tx = neo4j.database().beginTx()) {
                for (int v = from; v < Math.min(nodes, from + 10_000); v++) {
                    classOf[v] = random.nextInt(classes);
                    float[] x = new float[features];
                    for (int k = 0; k < features; k++) {
                        x[k] = centres[classOf[v]][k] + 2f * (float) random.nextGaussian();
                    }
                    Node n = tx.createNode(label);
                    n.setProperty("features", x);
                    n.setProperty("class", (long) classOf[v]);
                    ids.add(n.getElementId());
                }
                tx.commit();
            }
        }
        int[][] byClass = new int[classes][];
        for (int c = 0; c < classes; c++) {
            int cc = c;
            byClass[c] = IntStream.range(0, nodes).filter(v -> classOf[v] == cc).toArray();
        }
        RelationshipType type = RelationshipType.withName("LINK");
        for (int from = 0; from < relationships; from += 20_000) {
            try (Transaction tx = neo4j.database().beginTx()) {
                for (int e = from; e < Math.min(relationships, from + 20_000); e++) {
                    int a = random.nextInt(nodes);
                    int[] pool = random.nextDouble() < 0.8 ? byClass[classOf[a]] : null;
                    int b = pool == null ? random.nextInt(nodes) : pool[random.nextInt(pool.length)];
                    tx.getNodeByElementId(ids.get(a)).createRelationshipTo(tx.getNodeByElementId(ids.get(b)), type);
                }
                tx.commit();
            }
        }
    }

    private static double time(Supplier<Long> call) {
        long start = System.nanoTime();
        call.get();
        return (System.nanoTime() - start) / 1e6;
    }

    /**
     * Untimed calls on each side, so both run JIT-compiled code, as in a long-running server. Three were not enough:
     * both sides' streams still got faster over the next calls (ours 1117, 828, 566, 567, 504, 514 ms, then about 300;
     * GDS's 3164, 2514, 2335, 1948, 1929, 2134 ms).
     */
    static final int WARMUP = 10;

    private int warmup = WARMUP;
    private final Map<String, Double> peaks = new LinkedHashMap<>();

    /**
     * Untimed calls before the timed ones (default {@value #WARMUP}); a graph of millions of nodes, whose calls run
     * for minutes, is timed cold, once.
     */
    public Neo4jBench warmup(int calls) {
        this.warmup = calls;
        return this;
    }

    /**
     * The warm-up calls, then the median of {@code repeats} timed calls; the highest memory of the timed calls is kept
     * under {@code side}.
     */
    private double median(String side, int repeats, Supplier<Long> call) {
        for (int i = 0; i < warmup; i++) {
            call.get();
        }
        double[] times = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            try (var memory = PeakMemory.watch()) {
                times[i] = time(call);
                peaks.merge(side, memory.gib(), Math::max);
            }
        }
        Arrays.sort(times);
        System.out.printf(Locale.ROOT, "%s: %.0f ms (median of %d), peak %.2f GiB%n", side, times[repeats / 2], repeats,
                peaks.get(side));
        return times[repeats / 2];
    }
}
