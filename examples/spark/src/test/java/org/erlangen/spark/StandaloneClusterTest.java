package org.erlangen.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.LayerwiseInference;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.gnn.tasks.NodeClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The shape of a real cluster on loopback: a Spark standalone master and two workers, each its own JVM, executors
 * started by the workers (two more JVMs), this JVM the driver, and a Neo4j database reached over Bolt. Distributed
 * inference on the graph read from Neo4j equals single-machine layer-wise inference, a short data-parallel training
 * runs across both executors, and its classes go back to Neo4j. Everything is stopped at the end.
 */
class StandaloneClusterTest {
    private static final GeneratedGraph GRAPH = new GeneratedGraph(300, 1500, 6, 3, 9, 1);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void inferenceAndTrainingOnAMasterAndTwoWorkersAgainstNeo4j() throws Exception {
        Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "spark-cluster");
        Path home = Files.createDirectories(work.resolve("home/jars")).getParent(); // no jars: all on the class path
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int port = freePort();
        List<Process> processes = new ArrayList<>();
        try (IsolatedNeo4j neo4j = IsolatedNeo4j.start();
                Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
            Papers.store(driver, GRAPH);
            processes.add(daemon(work, home, classPath, "master", "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", "0"));
            awaitPort(port, processes.get(0));
            for (int w = 1; w <= 2; w++) {
                processes.add(daemon(work, home, classPath, "worker" + w, "org.apache.spark.deploy.worker.Worker",
                        "spark://127.0.0.1:" + port, "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                        "--webui-port", "0", "--work-dir", work.resolve("worker" + w).toString()));
            }
            SparkSession spark = SparkSession.builder().master("spark://127.0.0.1:" + port)
                    .appName("erlangen-cluster-test")
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.executor.cores", "1").config("spark.executor.memory", "1g")
                    .config("spark.cores.max", "2")
                    .config("spark.executor.extraClassPath", classPath)
                    .config("spark.executor.extraJavaOptions", System.getProperty("erlangen.spark.opens", ""))
                    .config("spark.executorEnv.OMP_NUM_THREADS", "1")
                    .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .getOrCreate();
            try {
                JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                awaitExecutors(sc, 2);
                var tables = new Neo4jTables(neo4j.boltUri().toString(), "neo4j", "unused");
                SparkGraph graph = tables.read(spark, "Paper", "CITES", "features", "label");

                // inference on two executors against one machine's layer-wise pass
                var model = new GnnModel(new ModelConfig("sage", "node", 6, 16, 3, 2, 0.0, "sum", 1, 1.5), 3,
                        DataType.FLOAT);
                INDArray expected = LayerwiseInference.outputs(model, GRAPH.toGraph(DataType.FLOAT), 64);
                Map<Long, float[]> outputs = DistributedInference.run(ModelBroadcast.of(sc, model), graph, 4).rows()
                        .collectAsMap();
                Map<Long, Integer> index = Papers.indexById(driver);
                double worst = 0;
                for (var entry : outputs.entrySet()) {
                    int v = index.get(entry.getKey());
                    for (int c = 0; c < 3; c++) {
                        worst = Math.max(worst, Math.abs(entry.getValue()[c] - expected.getDouble(v, c)));
                    }
                }
                assertEquals(GRAPH.nodes(), outputs.size());
                assertTrue(worst < 1e-5, "distributed inference off by " + worst);

                // a short data-parallel training over both executors, its classes written back
                JavaPairRDD<Long, Integer> train = graph.labels().filter(l -> l._1() % 5 != 0);
                JavaPairRDD<Long, Integer> validation = graph.labels().filter(l -> l._1() % 5 == 0);
                var settings = new DistributedTraining.Settings("sage", 2, 16, 0.5, true, new int[] {4, 3}, 64, 1,
                        NodeClassifier.defaults().toBuilder().epochs(3).build());
                var run = DistributedTraining.fit(sc, graph, train, validation, settings, 2, epoch -> { });
                assertEquals(3, run.training().epochsRun());
                assertTrue(run.training().history().get(2).loss() < run.training().history().get(0).loss(),
                        "the loss falls");
                var classes = DistributedInference.classes(DistributedInference.run(
                        ModelBroadcast.of(sc, run.model()), graph, 2).rows());
                tables.writeClasses(spark, classes, "predicted", 100);
                assertEquals(classes.collectAsMap(), Papers.stored(driver, "predicted"));
                long executors = sc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8)
                        .map(i -> org.apache.spark.SparkEnv.get().executorId()).distinct().count();
                assertEquals(2, executors, "tasks ran in both executors' JVMs");
            } finally {
                spark.stop();
            }
        } finally {
            for (Process p : processes) {
                p.destroy();
            }
            for (Process p : processes) {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** A Spark daemon (master or worker) in its own JVM, its output in {@code work/name.log}. */
    private static Process daemon(Path work, Path home, String classPath, String name, String mainClass,
            String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        for (String option : System.getProperty("erlangen.spark.opens", "").split(" ")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        // the worker builds its executors' command from Spark's home (here with an empty jars folder)
        builder.environment().put("SPARK_HOME", home.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("OMP_NUM_THREADS", "1");
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port, Process master) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (!master.isAlive()) {
                throw new IllegalStateException("the master exited with " + master.exitValue());
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the master did not listen on " + port + " within a minute");
    }

    private static void awaitExecutors(JavaSparkContext sc, int executors) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            if (sc.sc().statusTracker().getExecutorInfos().length >= executors + 1) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("fewer than " + executors + " executors registered within two minutes");
    }
}
