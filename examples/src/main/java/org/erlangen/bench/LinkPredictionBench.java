package org.erlangen.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.erlangen.examples.neo4j.EmbeddedNeo4j;
import org.erlangen.gnn.links.LinkMetrics;
import org.erlangen.gnn.links.Pairs;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;

/**
 * Erlangen's link prediction against Neo4j Graph Data Science's link-prediction pipeline (FastRP node property step,
 * Hadamard link feature, logistic regression) in one embedded database, on the same split.
 *
 * <p>The benchmark holds out the test links itself ({@link LinkHoldout}): the database gets the training links as
 * {@code CO_AUTHOR} and the test links as {@code TEST_LINK}, which neither side reads while training. Each side
 * trains on {@code CO_AUTHOR} with its own internal split (ours a validation share to pick the epoch; GDS its test
 * share and cross-validation folds); then both are scored on the same test links and the same sampled non-links
 * with the same code ({@link PairScores}). The graph has no node features: our model reads a random projection of
 * the same dimension as the FastRP embedding of GDS's pipeline ({@code randomProjection}, computed inside our train
 * call from the training links, as GDS computes FastRP inside its pipeline). A second run of ours can read GDS's
 * own FastRP embedding instead (same settings, written with {@code gds.fastRP.write}, whose time and the projection's
 * count into that run's). Times are taken through the Java driver, as a user would call each side.
 */
public final class LinkPredictionBench {
    /** GDS 2.13's procedure classes for what the benchmark calls. */
    static final List<String> GDS_PROCEDURES = List.of("org.neo4j.gds.catalog.GraphProjectProc",
            "org.neo4j.gds.catalog.GraphDropProc", "org.neo4j.gds.embeddings.fastrp.FastRPWriteProc",
            "org.neo4j.gds.ml.linkmodels.pipeline.LinkPredictionPipelineCreateProc",
            "org.neo4j.gds.ml.linkmodels.pipeline.LinkPredictionPipelineAddStepProcs",
            "org.neo4j.gds.ml.linkmodels.pipeline.LinkPredictionPipelineAddTrainerMethodProcs",
            "org.neo4j.gds.ml.linkmodels.pipeline.LinkPredictionPipelineConfigureSplitProc",
            "org.neo4j.gds.ml.linkmodels.pipeline.train.LinkPredictionPipelineTrainProc",
            "org.neo4j.gds.ml.linkmodels.pipeline.predict.LinkPredictionPipelineStreamProc",
            "org.neo4j.gds.model.catalog.ModelDropProc", "org.neo4j.gds.pipeline.catalog.PipelineDropProc");

    /** GDS's scores recomputed from its catalog must match its own predict.stream's this closely. */
    static final double REPLAY_TOLERANCE = 1e-9;

    /**
     * What either side is given. {@code embeddingDimension} is FastRP's (the pipeline's node property step) and our
     * random projection's; {@code model} our graph model (the plugin's default is gcn); {@code fastRpVariant} also
     * trains ours on GDS's FastRP embedding; {@code epochs} is our model's, null for the plugin's default.
     */
    public record Settings(int embeddingDimension, long seed, int concurrency, String model, boolean fastRpVariant,
            Integer epochs) {
        /** With the plugin's default number of epochs. */
        public Settings(int embeddingDimension, long seed, int concurrency, String model, boolean fastRpVariant) {
            this(embeddingDimension, seed, concurrency, model, fastRpVariant, null);
        }
    }

    /** One side's figures: its training time (seconds, through the driver) and its test ranking. */
    public record Side(double trainSeconds, LinkMetrics test) {
    }

    /**
     * @param ours our model on its random projection; {@code trainSeconds} is the train call, all it takes from the
     *     stored graph
     * @param oursFastRp our model on GDS's FastRP embedding (null unless asked for); {@code trainSeconds} is its train
     *     call alone, add {@code projectSeconds} and {@code fastRpSeconds} for what it takes from the stored graph
     * @param gds GDS's pipeline; {@code trainSeconds} is pipeline creation and its train call, add {@code projectSeconds}
     * @param gdsReportedTestAucpr the test AUCPR GDS's train call reports on its own internal test split
     * @param replayMaxDifference the largest difference between our replay of GDS's scores and its predict.stream's
     */
    public record Result(int nodes, int trainLinks, int testLinks, double loadSeconds, double projectSeconds,
            double fastRpSeconds, Side ours, Side oursFastRp, Side gds, double oursValidationAuc,
            double gdsReportedTestAucpr, double replayMaxDifference, int replayPairs, Map<String, Double> peakGib) {
        public double erlangenTrainSeconds() {
            return ours.trainSeconds();
        }

        /** Our run on GDS's FastRP, from the stored graph: the projection, FastRP and our train call. */
        public double erlangenFastRpSeconds() {
            return projectSeconds + fastRpSeconds + oursFastRp.trainSeconds();
        }

        public double gdsTrainSeconds() {
            return projectSeconds + gds.trainSeconds();
        }
    }

    /**
     * GDS's graph, pipeline and model catalogs, and our plugin's model catalog, are global to the JVM: each run
     * names its own and drops them.
     */
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final LinkHoldout holdout;
    private final Settings settings;
    private final Map<String, Double> peaks = new LinkedHashMap<>();
    private final String graphName;
    private final String pipelineName;
    private final String modelName;
    private final String ours;
    private final String oursFastRp;

    public LinkPredictionBench(LinkHoldout holdout, Settings settings) {
        this.holdout = holdout;
        this.settings = settings;
        int run = RUNS.incrementAndGet();
        this.graphName = "lp" + run;
        this.pipelineName = "lp-pipe" + run;
        this.modelName = "lp-model" + run;
        this.ours = "lp-ours" + run;
        this.oursFastRp = "lp-ours-fastrp" + run;
    }

    public Result run() throws Exception {
        try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(GDS_PROCEDURES, List.of("gds.*"))) {
            long start = System.nanoTime();
            Map<String, Integer> indexOf = load(neo4j);
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "loaded in %.1f s%n", loadSeconds);
            try (Session session = neo4j.driver().session()) {
                Map<String, Object> p = Map.of("dim", settings.embeddingDimension(), "seed", settings.seed(),
                        "concurrency", settings.concurrency(), "graph", graphName, "pipeline", pipelineName,
                        "model", modelName);
                double warmUp = seconds(() -> warmUp(session));
                System.out.printf(Locale.ROOT, "both sides warmed up on a small graph in %.1f s%n", warmUp);
                Record[] trained = new Record[1];
                double oursTrain = watched("erlangen_train", () -> trained[0] = trainOurs(session, ours, null));
                double validationAuc = trained[0].get("validationMetric").asDouble();
                System.out.printf(Locale.ROOT, "erlangen.model.train: validation ROC-AUC %.4f, kept epoch %d of %d%n",
                        validationAuc, trained[0].get("bestEpoch").asLong(), trained[0].get("epochs").asLong());
                var onProjection = new Side(oursTrain, PairScores.evaluate(holdout,
                        PairScores.dotProduct(embeddings(session, ours, indexOf))));
                print("erlangen (" + settings.model() + ", random projection)", onProjection);
                session.run("CALL erlangen.model.drop($name)", Map.of("name", ours)).consume();

                double project = seconds(() -> session.run("CALL gds.graph.project($graph, 'Author', "
                        + "{CO_AUTHOR: {orientation: 'UNDIRECTED'}})", p).consume());
                double fastRp = seconds(() -> session.run("CALL gds.fastRP.write($graph, {embeddingDimension: $dim, "
                        + "randomSeed: $seed, concurrency: $concurrency, writeProperty: 'fastrp'})", p).consume());
                System.out.printf(Locale.ROOT, "gds.graph.project %.1f s, gds.fastRP.write %.1f s%n", project, fastRp);
                Side onFastRp = null;
                if (settings.fastRpVariant()) {
                    double t = watched("erlangen_fastrp_train", () -> trainOurs(session, oursFastRp, "fastrp"));
                    onFastRp = new Side(t, PairScores.evaluate(holdout,
                            PairScores.dotProduct(embeddings(session, oursFastRp, indexOf))));
                    print("erlangen (" + settings.model() + " on GDS's FastRP)", onFastRp);
                    session.run("CALL erlangen.model.drop($name)", Map.of("name", oursFastRp)).consume();
                }

                Record[] gdsTrained = new Record[1];
                double gdsTrain = watched("gds_train", () -> gdsTrained[0] = trainGds(session, p));
                double reported = gdsTrained[0].get("modelInfo").get("metrics").get("AUCPR").get("test").asDouble();
                double[][] fastRpVectors = fastRp(session);
                var classifier = GdsLinkClassifier.of(modelName);
                var gds = new Side(gdsTrain, PairScores.evaluate(holdout,
                        pair -> classifier.probability(fastRpVectors[Pairs.source(pair)],
                                fastRpVectors[Pairs.target(pair)])));
                print("gds pipeline", gds);
                double[] replay = replay(session, classifier, fastRpVectors);
                session.run("CALL gds.model.drop($model)", p).consume();
                session.run("CALL gds.pipeline.drop($pipeline)", p).consume();
                session.run("CALL gds.graph.drop($graph)", p).consume();
                return new Result(holdout.nodes(), holdout.train().length, holdout.test().length, loadSeconds,
                        project, fastRp, onProjection, onFastRp, gds, validationAuc, reported, replay[0],
                        (int) replay[1], Map.copyOf(peaks));
            }
        }
    }

    /**
     * Our link model on {@code feature}, or on a random projection of the embedding dimension when null; everything
     * else the plugin's defaults bar the test share, which the benchmark holds out itself (0 here, so every
     * {@code CO_AUTHOR} link trains or validates).
     */
    private Record trainOurs(Session session, String name, String feature) {
        return trainOurs(session, name, "Author", "CO_AUTHOR", feature);
    }

    /** {@link #trainOurs(Session, String, String)} on the links of {@code type} between {@code label} nodes. */
    private Record trainOurs(Session session, String name, String label, String type, String feature) {
        Map<String, Object> config = new HashMap<>();
        config.put("task", "linkPrediction");
        config.put("model", settings.model());
        config.put("nodeLabels", List.of(label));
        config.put("relationshipTypes", List.of(type));
        config.put("targetRelationshipType", type);
        config.put("orientation", "UNDIRECTED");
        if (feature == null) {
            config.put("randomProjection", settings.embeddingDimension());
        } else {
            config.put("featureProperties", List.of(feature));
        }
        config.put("testFraction", 0.0);
        config.put("seed", settings.seed());
        config.put("concurrency", settings.concurrency());
        if (settings.epochs() != null) {
            config.put("epochs", settings.epochs());
        }
        return session.run("CALL erlangen.model.train($name, $config)", Map.of("name", name, "config", config))
                .single();
    }

    /**
     * GDS's pipeline as its documentation builds it: FastRP as the node property step (the same settings as the
     * property our model reads), the Hadamard product as link feature, logistic regression with its defaults, the
     * default split (test 0.1, train 0.1 of the rest, 3 validation folds, one negative per link).
     */
    private static Record trainGds(Session session, Map<String, Object> p) {
        return trainGds(session, p, "CO_AUTHOR");
    }

    /** {@link #trainGds(Session, Map)} on the links of {@code type}. */
    private static Record trainGds(Session session, Map<String, Object> p, String type) {
        session.run("CALL gds.beta.pipeline.linkPrediction.create($pipeline)", p).consume();
        session.run("CALL gds.beta.pipeline.linkPrediction.addNodeProperty($pipeline, 'fastRP', "
                + "{mutateProperty: 'embedding', embeddingDimension: $dim, randomSeed: $seed})", p).consume();
        session.run("CALL gds.beta.pipeline.linkPrediction.addFeature($pipeline, 'hadamard', "
                + "{nodeProperties: ['embedding']})", p).consume();
        session.run("CALL gds.beta.pipeline.linkPrediction.addLogisticRegression($pipeline)", p).consume();
        Map<String, Object> q = new HashMap<>(p);
        q.put("type", type);
        return session.run("CALL gds.beta.pipeline.linkPrediction.train($graph, {pipeline: $pipeline, "
                + "modelName: $model, targetRelationshipType: $type, metrics: ['AUCPR'], "
                + "randomSeed: $seed, concurrency: $concurrency}) YIELD modelInfo RETURN modelInfo", q).single();
    }

    /** Nodes of the warm-up graph: enough links that each side's training loops run long enough to be compiled. */
    static final int WARM_NODES = 2_000;

    /**
     * A first call of either side sets it up once for the JVM (GDS measures the JVM's object layout in a child
     * process before its first projection, ten seconds and more here; ours loads ND4J's native code), and the JIT
     * compiles what a server that has trained before runs compiled: each side trains its link model once, in full,
     * on a ring of {@code :Warm} nodes with chords (GDS its pipeline with the same steps, ours the same call as
     * timed), so the timed calls are a server's usual ones.
     */
    private void warmUp(Session session) {
        session.run("UNWIND range(0, $n - 1) AS i CREATE (:Warm {i: i})", Map.of("n", WARM_NODES)).consume();
        session.run("MATCH (a:Warm), (b:Warm) WHERE b.i = (a.i + 1) % $n OR b.i = (a.i + 7) % $n "
                + "OR b.i = (a.i * 13 + 5) % $n CREATE (a)-[:WARM_LINK]->(b)", Map.of("n", WARM_NODES)).consume();
        Map<String, Object> p = Map.of("graph", graphName + "-warm", "seed", settings.seed(), "pipeline",
                pipelineName + "-warm", "model", modelName + "-warm", "dim", settings.embeddingDimension(),
                "concurrency", settings.concurrency());
        session.run("CALL gds.graph.project($graph, 'Warm', {WARM_LINK: {orientation: 'UNDIRECTED'}})", p)
                .consume();
        trainGds(session, p, "WARM_LINK");
        session.run("CALL gds.model.drop($model)", p).consume();
        session.run("CALL gds.pipeline.drop($pipeline)", p).consume();
        session.run("CALL gds.graph.drop($graph)", p).consume();
        trainOurs(session, ours + "-warm", "Warm", "WARM_LINK", null);
        session.run("CALL erlangen.model.drop($name)", Map.of("name", ours + "-warm")).consume();
    }

    /** A link model's embeddings, by node index. */
    private double[][] embeddings(Session session, String model, Map<String, Integer> indexOf) {
        double[][] out = new double[holdout.nodes()][];
        for (Record r : session.run("CALL erlangen.embed.stream($name, {concurrency: $concurrency}) "
                + "YIELD nodeId, embedding RETURN nodeId, embedding", Map.of("name", model, "concurrency",
                settings.concurrency())).list()) {
            out[indexOf.get(r.get("nodeId").asString())] = r.get("embedding").asList(v -> v.asDouble())
                    .stream().mapToDouble(Double::doubleValue).toArray();
        }
        return checkedComplete(out, model + " embeddings");
    }

    /** The FastRP embeddings written for our model, by node index: the ones GDS's predict step computes too. */
    private double[][] fastRp(Session session) {
        double[][] out = new double[holdout.nodes()][];
        for (Record r : session.run("MATCH (a:Author) RETURN a.idx AS idx, a.fastrp AS v").list()) {
            out[r.get("idx").asInt()] = r.get("v").asList(v -> v.asDouble()).stream()
                    .mapToDouble(Double::doubleValue).toArray();
        }
        return checkedComplete(out, "FastRP embeddings");
    }

    private static double[][] checkedComplete(double[][] vectors, String what) {
        for (int v = 0; v < vectors.length; v++) {
            if (vectors[v] == null) {
                throw new IllegalStateException(what + ": node " + v + " has none");
            }
        }
        return vectors;
    }

    /**
     * Checks our replay of GDS's scores against GDS's own predict.stream (its approximate, KNN-based mode: the
     * exhaustive one scores all 160 million pairs): same pairs, same probabilities. Returns the largest difference
     * and the number of pairs compared.
     */
    private double[] replay(Session session, GdsLinkClassifier classifier, double[][] fastRpVectors) {
        List<Record> rows = session.run("CALL gds.beta.pipeline.linkPrediction.predict.stream($graph, "
                + "{modelName: $model, sampleRate: 0.5, topK: 1, randomSeed: $seed, concurrency: 1}) "
                + "YIELD node1, node2, probability WITH node1, node2, probability LIMIT 500 "
                + "MATCH (a) WHERE id(a) = node1 MATCH (b) WHERE id(b) = node2 "
                + "RETURN a.idx AS a, b.idx AS b, probability", Map.of("seed", settings.seed(), "graph", graphName,
                "model", modelName)).list();
        double worst = 0;
        for (Record r : rows) {
            double mine = classifier.probability(fastRpVectors[r.get("a").asInt()], fastRpVectors[r.get("b").asInt()]);
            worst = Math.max(worst, Math.abs(mine - r.get("probability").asDouble()));
        }
        if (rows.isEmpty() || !(worst <= REPLAY_TOLERANCE)) {
            throw new IllegalStateException("our replay of GDS's link scores differs from its predict.stream by "
                    + worst + " over " + rows.size() + " pairs");
        }
        return new double[] {worst, rows.size()};
    }

    /**
     * Bulk load through the embedded API: a node {@code :Author {idx}} per node, the training links as
     * {@code CO_AUTHOR} and the test links as {@code TEST_LINK}. Returns each node's index by element id.
     */
    private Map<String, Integer> load(EmbeddedNeo4j neo4j) {
        int n = holdout.nodes();
        List<String> ids = new ArrayList<>(n);
        Label label = Label.label("Author");
        for (int from = 0; from < n; from += 10_000) {
            try (Transaction tx = neo4j.database().beginTx()) {
                for (int v = from; v < Math.min(n, from + 10_000); v++) {
                    Node node = tx.createNode(label);
                    node.setProperty("idx", (long) v);
                    ids.add(node.getElementId());
                }
                tx.commit();
            }
        }
        link(neo4j, ids, holdout.train(), RelationshipType.withName("CO_AUTHOR"));
        link(neo4j, ids, holdout.test(), RelationshipType.withName("TEST_LINK"));
        Map<String, Integer> indexOf = new HashMap<>(2 * n);
        for (int v = 0; v < n; v++) {
            indexOf.put(ids.get(v), v);
        }
        return indexOf;
    }

    private static void link(EmbeddedNeo4j neo4j, List<String> ids, long[] pairs, RelationshipType type) {
        for (int from = 0; from < pairs.length; from += 20_000) {
            try (Transaction tx = neo4j.database().beginTx()) {
                for (int e = from; e < Math.min(pairs.length, from + 20_000); e++) {
                    tx.getNodeByElementId(ids.get(Pairs.source(pairs[e])))
                            .createRelationshipTo(tx.getNodeByElementId(ids.get(Pairs.target(pairs[e]))), type);
                }
                tx.commit();
            }
        }
    }

    private static void print(String side, Side s) {
        System.out.printf(Locale.ROOT, "%-32s train %7.1f s   test ROC-AUC %.4f   AUCPR %.4f%n", side,
                s.trainSeconds(), s.test().rocAuc(), s.test().averagePrecision());
    }

    private static double seconds(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** The call's seconds; its highest memory is kept under {@code side}. */
    private double watched(String side, Supplier<?> call) {
        try (var memory = PeakMemory.watch()) {
            double s = seconds(call::get);
            peaks.put(side, memory.gib());
            return s;
        }
    }
}
