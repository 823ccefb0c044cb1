package org.erlangen.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.erlangen.gnn.tasks.NodeClassifier;
import org.erlangen.io.ModelFile;
import org.erlangen.train.TrainingSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Spark jobs: {@code infer} (a model file's predictions for every node) and {@code train} (data-parallel node
 * classification), reading the graph from Neo4j through its connector or from Parquet, writing predictions back to
 * Neo4j as a node property or to Parquet; {@code generate} writes a generated graph as Parquet. Run with
 * {@code spark-submit --class org.erlangen.spark.ErlangenSpark erlangen-spark-jobs.jar <job> ...}.
 */
@Command(name = "erlangen-spark", mixinStandardHelpOptions = true,
        subcommands = {ErlangenSpark.Infer.class, ErlangenSpark.Train.class, ErlangenSpark.Generate.class},
        description = "Erlangen's jobs on Apache Spark")
public final class ErlangenSpark {
    public static void main(String[] args) {
        System.exit(new CommandLine(new ErlangenSpark()).setExecutionExceptionHandler((e, line, parsed) -> {
            // a task's failure reaches the driver wrapped by Spark: say what went wrong at its root
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            line.getErr().println("erlangen-spark: " + (root.getMessage() != null ? root.getMessage()
                    : root.toString()));
            return 1;
        }).execute(args));
    }

    /** Where the graph comes from: Neo4j (through the connector) or two Parquet tables. */
    static final class Source {
        @Option(names = "--neo4j-url", description = "Bolt URL of the Neo4j database to read (and write)")
        String url;
        @Option(names = "--neo4j-user", defaultValue = "neo4j")
        String user;
        @Option(names = "--neo4j-password-env", defaultValue = "NEO4J_PASSWORD",
                description = "the environment variable that holds the password (default: ${DEFAULT-VALUE})")
        String passwordEnv;
        @Option(names = "--label", description = "the nodes' label (Neo4j)")
        String label;
        @Option(names = "--type", description = "the relationships' type (Neo4j)")
        String type;
        @Option(names = "--features", defaultValue = "features",
                description = "the list property (Neo4j) holding each node's features (default: ${DEFAULT-VALUE})")
        String features;
        @Option(names = "--nodes", description = "Parquet node table: id, features, label")
        String nodes;
        @Option(names = "--edges", description = "Parquet edge table: sender, receiver")
        String edges;

        Neo4jTables neo4j() {
            String password = System.getenv(passwordEnv);
            return new Neo4jTables(url, user, password == null ? "" : password);
        }

        SparkGraph read(SparkSession spark, String labels) {
            if (url != null) {
                if (label == null || type == null) {
                    throw new CommandLine.ParameterException(new CommandLine(this),
                            "--neo4j-url needs --label and --type");
                }
                return neo4j().read(spark, label, type, features, labels);
            }
            if (nodes == null || edges == null) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "give --neo4j-url (with --label, --type) or --nodes and --edges (Parquet)");
            }
            return ParquetTables.read(spark, nodes, edges);
        }
    }

    /** Where predictions go: a Neo4j node property, a Parquet table, or both. */
    static final class Sink {
        @Option(names = "--write-property", description = "write each node's class to this property (Neo4j)")
        String property;
        @Option(names = "--write-batch", defaultValue = "10000", description = "nodes per write transaction")
        int batch;
        @Option(names = "--output", description = "write id, class and scores as Parquet here")
        String output;

        /** Refuses, before any work, a sink the source cannot take. */
        void check(Source source) {
            if (property != null && source.url == null) {
                throw new IllegalArgumentException("--write-property writes to Neo4j: give --neo4j-url");
            }
        }

        void write(SparkSession spark, Source source, DistributedInference.Outputs outputs) {
            try (outputs) {
                if (output != null) {
                    ParquetTables.writePredictions(spark, outputs.rows(), output);
                }
                if (property != null) {
                    source.neo4j().writeClasses(spark, outputs.classes(), property, batch);
                }
            }
        }
    }

    /** The job's session; Kryo serialises the blocks unless the submitter chose a serializer. */
    static SparkSession session(String name) {
        SparkConf conf = new SparkConf().setIfMissing("spark.serializer",
                "org.apache.spark.serializer.KryoSerializer");
        return SparkSession.builder().config(conf).appName("erlangen " + name).getOrCreate();
    }

    static int partitions(JavaSparkContext sc, Integer given) {
        return given != null ? given : sc.defaultParallelism();
    }

    @Command(name = "infer", mixinStandardHelpOptions = true,
            description = "Distributed layer-wise inference: a model file's outputs for every node")
    static final class Infer implements Callable<Integer> {
        @Mixin
        Source source = new Source();
        @Mixin
        Sink sink = new Sink();
        @Option(names = "--model", required = true, description = "the model file (erlangen train, the plugin)")
        Path model;
        @Option(names = "--partitions", description = "partitions of nodes and edges (default: Spark's parallelism)")
        Integer partitions;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(model)) {
                throw new IllegalArgumentException("no model file at " + model);
            }
            sink.check(source);
            SparkSession spark = session("infer");
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            ModelBroadcast broadcast = ModelBroadcast.of(sc, model);
            broadcast.blocks(); // a model with a layer that does not pool is refused before any job
            SparkGraph graph = source.read(spark, null);
            sink.write(spark, source, DistributedInference.run(broadcast, graph, partitions(sc, partitions)));
            spark.stop();
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Data-parallel node classification with neighbour sampling; the model file goes to --save")
    static final class Train implements Callable<Integer> {
        @Mixin
        Source source = new Source();
        @Mixin
        Sink sink = new Sink();
        @Option(names = "--labels", defaultValue = "label", description = "the class property or column")
        String labels;
        @Option(names = "--validation", defaultValue = "0.1",
                description = "fraction of labelled nodes held out for validation, by id (default: ${DEFAULT-VALUE})")
        double validation;
        @Option(names = "--layer", defaultValue = "sage", description = "gcn, sage or gin")
        String layer;
        @Option(names = "--layers", defaultValue = "2")
        int layers;
        @Option(names = "--hidden", defaultValue = "64")
        int hidden;
        @Option(names = "--dropout", defaultValue = "0.5")
        double dropout;
        @Option(names = "--fanouts", defaultValue = "10,5", split = ",")
        int[] fanouts;
        @Option(names = "--batch-size", defaultValue = "512", description = "seeds per step, over all partitions")
        int batchSize;
        @Option(names = "--halo-fanouts", split = ",",
                description = "at most this many in-edges per node and hop in a partition's halo, drawn once "
                        + "(default: all)")
        int[] haloFanouts;
        @Option(names = "--epochs", defaultValue = "10")
        int epochs;
        @Option(names = "--learning-rate", defaultValue = "0.01")
        double learningRate;
        @Option(names = "--seed", defaultValue = "0")
        long seed;
        @Option(names = "--partitions")
        Integer partitions;
        @Option(names = "--save", required = true, description = "where the trained model file goes")
        Path save;

        @Override
        public Integer call() throws Exception {
            sink.check(source);
            SparkSession spark = session("train");
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            SparkGraph read = source.read(spark, labels);
            // read once: validation passes over the graph every epoch
            SparkGraph graph = new SparkGraph(read.features().persist(StorageLevel.MEMORY_AND_DISK_SER()),
                    read.labels() == null ? null : read.labels().persist(StorageLevel.MEMORY_AND_DISK_SER()),
                    read.edges().persist(StorageLevel.MEMORY_AND_DISK_SER()));
            if (graph.labels() == null) {
                throw new IllegalArgumentException("training needs labels: give --labels");
            }
            double fraction = validation;
            long salt = seed;
            JavaPairRDD<Long, Integer> held = graph.labels().filter(l -> Holdout.held(l._1(), salt, fraction));
            JavaPairRDD<Long, Integer> train = graph.labels().filter(l -> !Holdout.held(l._1(), salt, fraction));
            TrainingSettings settings = NodeClassifier.defaults().toBuilder().epochs(epochs)
                    .learningRate(learningRate).build();
            var run = DistributedTraining.fit(sc, graph, train, fraction > 0 ? held : null,
                    new DistributedTraining.Settings(layer, layers, hidden, dropout, true, fanouts, batchSize, seed,
                            settings, haloFanouts), partitions(sc, partitions),
                    epoch -> System.out.printf(Locale.ROOT, "epoch %d loss %.4f %s %.1f s%n", epoch.epoch(),
                            epoch.loss(), epoch.metrics(), epoch.seconds()));
            ModelFile.save(save, run.model(), run.model().config().toJson());
            if (sink.property != null || sink.output != null) {
                ModelBroadcast broadcast = ModelBroadcast.of(sc, run.model());
                sink.write(spark, source, DistributedInference.run(broadcast, graph, partitions(sc, partitions)));
            }
            spark.stop();
            return 0;
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Writes a planted-class graph as Parquet (id, features, label; sender, receiver)")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--nodes", required = true)
        String nodesPath;
        @Option(names = "--edges", required = true)
        String edgesPath;
        @Option(names = "--node-count", defaultValue = "1000000")
        int nodes;
        @Option(names = "--edge-count", defaultValue = "10000000")
        long edges;
        @Option(names = "--features", defaultValue = "32")
        int features;
        @Option(names = "--classes", defaultValue = "8")
        int classes;
        @Option(names = "--seed", defaultValue = "1")
        long seed;

        @Override
        public Integer call() {
            SparkSession spark = session("generate");
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            var g = new GeneratedGraph(nodes, edges, features, classes, seed, Math.max(1, sc.defaultParallelism()));
            ParquetTables.write(spark, g.toSpark(sc), nodesPath, edgesPath);
            spark.stop();
            return 0;
        }
    }
}
