package org.erlangen.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.LayerwiseInference;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.gnn.tasks.NodeClassifier;
import org.erlangen.graph.Graph;
import org.erlangen.train.Trainer;
import org.erlangen.train.TrainingListener;
import org.erlangen.train.TrainingSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./erlangen bench spark}: distributed layer-wise inference and one data-parallel training epoch on a generated
 * graph in Spark's local mode with 1 and 2 executor threads, against the single-machine path (layer-wise inference,
 * one mini-batch epoch of {@link NodeClassifier}) in the same run, on the same graph, model and settings. Reports
 * seconds, the cost per edge and layer, the engine's overhead as a ratio to one machine, and the largest difference
 * between distributed and single-machine predictions.
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = "Distributed inference and training epoch on local Spark against one machine "
                + "(last line: ... max_abs_diff=...).")
public final class SparkBench implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "1000000")
    int nodes;
    @Option(names = "--edges", defaultValue = "10000000")
    long edges;
    @Option(names = "--features", defaultValue = "32")
    int features;
    @Option(names = "--classes", defaultValue = "8")
    int classes;
    @Option(names = "--hidden", defaultValue = "64")
    int hidden;
    @Option(names = "--fanouts", defaultValue = "10,5", split = ",")
    int[] fanouts;
    @Option(names = "--batch-size", defaultValue = "1024")
    int batchSize;
    @Option(names = "--train-fraction", defaultValue = "0.1", description = "labelled nodes that train")
    double trainFraction;
    @Option(names = "--executors", defaultValue = "1,2", split = ",", description = "local[N] for each N")
    int[] executors;
    @Option(names = "--partitions-per-executor", defaultValue = "2")
    int partitionsPerExecutor;
    @Option(names = "--seed", defaultValue = "1")
    long seed;
    @Option(names = "--no-training", description = "Inference only.")
    boolean noTraining;
    @Option(names = "--epochs", defaultValue = "2", description = "Training epochs; the last one's time is reported.")
    int epochs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkBench()).execute(args));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public Integer call() throws Exception {
        var g = new GeneratedGraph(nodes, edges, features, classes, seed, 16);
        long t = System.nanoTime();
        Graph graph = g.toGraph(DataType.FLOAT);
        System.out.printf(Locale.ROOT, "graph: %d nodes, %d edges, %d features, %d classes (%.1f s to draw)%n",
                nodes, edges, features, classes, seconds(t));
        var model = new GnnModel(new ModelConfig("sage", "node", features, hidden, classes, 2, 0.0, "sum", 1, 1.0),
                seed, DataType.FLOAT);

        t = System.nanoTime();
        INDArray single = LayerwiseInference.outputs(model, graph, LayerwiseInference.DEFAULT_CHUNK);
        double singleInfer = seconds(t);
        System.out.printf(Locale.ROOT, "one machine: layer-wise inference %.2f s%n", singleInfer);

        TrainingSettings settings = NodeClassifier.defaults().toBuilder().epochs(epochs).build();
        int[] train = IntStream.range(0, nodes).filter(v -> Holdout.held(g.id(v), seed, trainFraction)).toArray();
        int[] test = IntStream.range(0, nodes).filter(v -> tested(g.id(v))).toArray();
        var classifier = new NodeClassifier().layer("sage").layers(2).hidden(hidden).dropout(0.5).seed(seed)
                .fanouts(fanouts).batchSize(batchSize).training(settings);
        double singleEpoch = Double.NaN;
        double singleLoss = Double.NaN;
        double singleAccuracy = Double.NaN;
        if (!noTraining) {
            Trainer.Result one = classifier.fit(graph, train, null, epoch -> { });
            var last = one.history().get(one.history().size() - 1);
            singleEpoch = last.seconds();
            singleLoss = last.loss();
            singleAccuracy = classifier.accuracy(graph, test);
            System.out.printf(Locale.ROOT, "one machine: %d epochs, the last %.2f s (%d seeds, loss %.4f), test "
                    + "accuracy %.4f%n", epochs, singleEpoch, train.length, singleLoss, singleAccuracy);
        }
        graph = null; // the single-machine graph is not needed any more

        List<String> figures = new ArrayList<>();
        figures.add("nodes=" + nodes);
        figures.add("edges=" + edges);
        figures.add(String.format(Locale.ROOT, "single_infer_s=%.2f", singleInfer));
        figures.add(String.format(Locale.ROOT, "single_epoch_s=%.2f", singleEpoch));
        figures.add(String.format(Locale.ROOT, "single_loss=%.4f", singleLoss));
        figures.add(String.format(Locale.ROOT, "single_test_acc=%.4f", singleAccuracy));
        double worst = 0;
        for (int n : executors) {
            SparkSession spark = SparkSession.builder().master("local[" + n + "]").appName("erlangen bench spark")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .getOrCreate();
            spark.sparkContext().setLogLevel("WARN"); // a line per task would bury the figures
            try {
                JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                int partitions = n * partitionsPerExecutor;
                SparkGraph drawn = g.toSpark(sc);
                SparkGraph cached = new SparkGraph(drawn.features().persist(StorageLevel.MEMORY_AND_DISK_SER()),
                        drawn.labels().persist(StorageLevel.MEMORY_AND_DISK_SER()),
                        drawn.edges().persist(StorageLevel.MEMORY_AND_DISK_SER()));
                cached.features().count();
                cached.labels().count();
                cached.edges().count();

                ShuffleBytes shuffled = ShuffleBytes.on(spark.sparkContext());
                long shuffledBefore = shuffled.settled();
                t = System.nanoTime();
                ModelBroadcast broadcast = ModelBroadcast.of(sc, model);
                DistributedInference.Outputs inferred = DistributedInference.run(broadcast, cached, partitions);
                double infer = seconds(t); // the last layer is computed and cached by then
                JavaPairRDD<Long, float[]> outputs = inferred.rows();
                double inferMb = (shuffled.settled() - shuffledBefore) / 1e6;
                double diff = maxAbsDiff(g, outputs.collectAsMap(), single);
                worst = Math.max(worst, diff);
                inferred.close();
                broadcast.destroy();
                System.out.printf(Locale.ROOT, "spark local[%d], %d partitions: inference %.2f s (%.0f ns per edge "
                        + "and layer), %.0f MB shuffled, max |diff| %.2e%n", n, partitions, infer,
                        infer * 1e9 / (edges * 2.0), inferMb, diff);

                figures.add(String.format(Locale.ROOT, "spark%d_infer_s=%.2f", n, infer));
                figures.add(String.format(Locale.ROOT, "spark%d_infer_overhead=%.1f", n, infer / singleInfer));
                figures.add(String.format(Locale.ROOT, "spark%d_ns_per_edge_layer=%.0f", n,
                        infer * 1e9 / (edges * 2.0)));
                figures.add(String.format(Locale.ROOT, "spark%d_infer_shuffle_mb=%.0f", n, inferMb));
                if (noTraining) {
                    continue;
                }
                long salt = seed;
                double fraction = trainFraction;
                JavaPairRDD<Long, Integer> trainLabels = cached.labels()
                        .filter(l -> Holdout.held(l._1(), salt, fraction));
                shuffledBefore = shuffled.settled();
                t = System.nanoTime();
                var run = DistributedTraining.fit(sc, cached, trainLabels, null, new DistributedTraining.Settings(
                        "sage", 2, hidden, 0.5, true, fanouts, batchSize, seed, settings), partitions, epoch -> { });
                double total = seconds(t);
                var history = run.training().history();
                double epoch = history.get(history.size() - 1).seconds();
                double setup = total - history.stream().mapToDouble(TrainingListener.Epoch::seconds).sum();
                double loss = history.get(history.size() - 1).loss();
                double trainMb = (shuffled.settled() - shuffledBefore) / 1e6;
                ModelBroadcast trained = ModelBroadcast.of(sc, run.model());
                double accuracy;
                try (var predicted = DistributedInference.run(trained, cached, partitions)) {
                    accuracy = accuracy(predicted.rows(), cached);
                }
                trained.destroy();
                System.out.printf(Locale.ROOT, "spark local[%d]: %d epochs, the last %.2f s (loss %.4f), test "
                        + "accuracy %.4f; shards and setup %.2f s, shards hold %.2fx the nodes and %.2fx the edges, "
                        + "%.0f MB shuffled%n", n, epochs, epoch, loss, accuracy, setup,
                        run.shardNodes() / (double) nodes, run.shardEdges() / (double) edges, trainMb);
                figures.add(String.format(Locale.ROOT, "spark%d_epoch_s=%.2f", n, epoch));
                figures.add(String.format(Locale.ROOT, "spark%d_setup_s=%.2f", n, setup));
                figures.add(String.format(Locale.ROOT, "spark%d_loss=%.4f", n, loss));
                figures.add(String.format(Locale.ROOT, "spark%d_test_acc=%.4f", n, accuracy));
                figures.add(String.format(Locale.ROOT, "spark%d_shard_edges=%.2f", n,
                        run.shardEdges() / (double) edges));
                figures.add(String.format(Locale.ROOT, "spark%d_train_shuffle_mb=%.0f", n, trainMb));
                figures.add(String.format(Locale.ROOT, "spark%d_epoch_overhead=%.1f", n, epoch / singleEpoch));
            } finally {
                spark.stop();
            }
        }
        figures.add(String.format(Locale.ROOT, "max_abs_diff=%.2e", worst));
        System.out.println(String.join(" ", figures));
        return 0;
    }

    /** Test nodes: a tenth of the nodes by id, apart from the training ones (another seed of the same split). */
    private boolean tested(long id) {
        return !Holdout.held(id, seed, trainFraction) && Holdout.held(id, seed + 1, 0.1);
    }

    /** The share of test nodes whose largest output is their class. */
    private double accuracy(JavaPairRDD<Long, float[]> outputs, SparkGraph graph) {
        long salt = seed;
        double fraction = trainFraction;
        var test = graph.labels().filter(l -> !Holdout.held(l._1(), salt, fraction)
                && Holdout.held(l._1(), salt + 1, 0.1));
        var hits = outputs.join(test).map(e -> DistributedInference.argmax(e._2()._1()) == e._2()._2() ? 1L : 0L);
        long total = hits.count();
        return total == 0 ? Double.NaN : hits.fold(0L, Long::sum) / (double) total;
    }

    private static double maxAbsDiff(GeneratedGraph g, Map<Long, float[]> outputs, INDArray expected) {
        if (outputs.size() != g.nodes()) {
            throw new IllegalStateException(outputs.size() + " predictions for " + g.nodes() + " nodes");
        }
        float[] flat = expected.dup('c').data().asFloat();
        int width = flat.length / g.nodes();
        double worst = 0;
        for (var entry : outputs.entrySet()) {
            int v = g.node(entry.getKey());
            float[] row = entry.getValue();
            for (int c = 0; c < width; c++) {
                worst = Math.max(worst, Math.abs(row[c] - flat[v * width + c]));
            }
        }
        return worst;
    }
}
