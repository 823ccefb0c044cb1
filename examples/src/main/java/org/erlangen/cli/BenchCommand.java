package org.erlangen.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.erlangen.bench.GatBench;
import org.erlangen.bench.GcnBench;
import org.erlangen.bench.GemBench;
import org.erlangen.bench.GinBench;
import org.erlangen.bench.P4cnnBench;
import org.erlangen.bench.S2cnnBench;
import org.erlangen.bench.LinkHoldout;
import org.erlangen.bench.LinkPredictionBench;
import org.erlangen.bench.Neo4jBench;
import org.erlangen.bench.SamplingBench;
import org.erlangen.bench.SchNetBench;
import org.erlangen.bench.StepResult;
import org.erlangen.gnn.molecules.OnError;
import org.erlangen.io.EdgeListReader;
import org.erlangen.gnn.molecules.Qm7Reader;
import org.erlangen.io.TuDatasetReader;
import org.erlangen.kernels.Concurrency;
import org.erlangen.kernels.Vectorization;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Speed benchmarks, each timed against the same model in PyTorch in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time a training step against PyTorch (last line: erlangen_ms=... pytorch_ms=... ratio=...).",
                "`./erlangen bench spark` (the Spark jobs' benchmark: distributed inference and a training epoch "
                        + "against one machine) runs from examples/spark, which the launcher builds on first use."},
        subcommands = {BenchCommand.Gcn.class, BenchCommand.Gat.class, BenchCommand.Gin.class, BenchCommand.Gem.class,
                BenchCommand.SchNetStep.class, BenchCommand.P4cnn.class, BenchCommand.S2cnn.class,
                BenchCommand.Neo4j.class,
                BenchCommand.LinkPrediction.class, BenchCommand.Sampling.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("name a benchmark: gcn, gat, gin, gem, schnet, p4cnn, s2cnn, neo4j, linkprediction, sampling");
    }

    @Command(name = "gcn", mixinStandardHelpOptions = true,
            description = "2-layer GCN (128 -> 64 -> 16) on a random graph: one step of forward, backward and Adam.")
    static final class Gcn implements Callable<Integer> {
        @Option(names = "--nodes", defaultValue = "100000", description = "Nodes (default ${DEFAULT-VALUE}).")
        int nodes;
        @Option(names = "--edges", defaultValue = "1000000", description = "Edges before self loops (default ${DEFAULT-VALUE}).")
        int edges;
        @Option(names = "--steps", defaultValue = "10", description = "Timed steps; the median is reported (default ${DEFAULT-VALUE}).")
        int steps;
        @Option(names = "--warmup", defaultValue = "30",
                description = "Untimed steps first, so both sides run warmed-up code (default ${DEFAULT-VALUE}).")
        int warmup;
        @Option(names = "--concurrency", description = "Threads for both sides (default: all processors).")
        Integer concurrency;
        @Option(names = "--seed", defaultValue = "42")
        long seed;
        @Option(names = "--no-pytorch", description = "Skip the PyTorch peer.")
        boolean noPeer;

        @Override
        public Integer call() throws Exception {
            if (concurrency != null) {
                Concurrency.setDefault(concurrency);
            }
            Path work = Files.createTempDirectory("erlangen-bench");
            System.out.printf(Locale.ROOT, "GCN step: %,d nodes, %,d edges + self loops, 128 -> 64 -> 16, %d threads, "
                    + "Vector API kernels: %s%n", nodes, edges, Concurrency.level(), Vectorization.enabled());
            var result = new GcnBench(nodes, edges, 128, 64, 16, seed).run(steps, warmup, work, !noPeer);
            System.out.printf(Locale.ROOT, "erlangen        %8.1f ms (median of %d steps)%n", result.erlangenMs(), steps);
            Figures figures = new Figures().put("erlangen_ms", result.erlangenMs(), 1);
            if (result.pytorchMs() != null) {
                System.out.printf(Locale.ROOT, "pytorch coo     %8.1f ms%npytorch csr     %8.1f ms   (%s, BLAS %s)%n"
                        + "pytorch csr with the transpose built once: %.1f ms (reported apart, not in the ratio)%n",
                        result.cooMs(), result.csrMs(), result.peerNote(), result.blas(), result.csrCachedMs());
                if (!result.blas().contains("openblas")) {
                    System.out.println("note: PyTorch is not using OpenBLAS; its dense products may be several times "
                            + "slower (apt-get install libopenblas0-pthread)");
                }
                System.out.printf(Locale.ROOT, "largest relative loss difference over %d steps: %.2e%n",
                        result.losses().length, result.lossDifference());
                if (result.lossDifference() > 1e-3) {
                    throw new IllegalStateException("Erlangen and PyTorch disagree on the loss: "
                            + result.lossDifference());
                }
                figures.put("pytorch_ms", result.pytorchMs(), 1)
                        .put("ratio", result.erlangenMs() / result.pytorchMs(), 3)
                        .put("pytorch_coo_ms", result.cooMs(), 1)
                        .put("pytorch_csr_ms", result.csrMs(), 1)
                        .put("pytorch_csr_cached_ms", result.csrCachedMs(), 1)
                        .put("loss_rel_diff", String.format(Locale.ROOT, "%.1e", result.lossDifference()));
            } else {
                System.out.println("PyTorch peer not run: " + result.peerNote());
            }
            figures.put("threads", result.threads());
            figures.print();
            return 0;
        }
    }

    /** Options every training-step benchmark shares. */
    static final class StepOptions {
        @Option(names = "--steps", defaultValue = "30", description = "Timed steps; the median is reported (default ${DEFAULT-VALUE}).")
        int steps;
        @Option(names = "--warmup", description = "Untimed steps first, so both sides run warmed-up code (default: "
                + "300 for gin, 30 for gat).")
        Integer warmup;
        @Option(names = "--concurrency", description = "Threads for both sides (default: all processors).")
        Integer concurrency;
        @Option(names = "--seed", defaultValue = "42")
        long seed;
        @Option(names = "--no-pytorch", description = "Skip the PyTorch peer.")
        boolean noPeer;

        /**
         * The warm-up asked for, else {@code byDefault}. The JIT compiles a method after some thousands of calls, so
         * code that runs a few times per step is compiled only after hundreds of steps: with GIN's 15 ms steps, 30
         * warm-up steps (half a second) timed partly interpreted code.
         */
        int warmup(int byDefault) {
            return warmup != null ? warmup : byDefault;
        }

        void applyConcurrency() {
            if (concurrency != null) {
                Concurrency.setDefault(concurrency);
            }
        }
    }

    /** Prints a step benchmark's result, failing when the two sides disagree on the loss; last line: the figures. */
    static void report(StepResult result, int steps) {
        System.out.printf(Locale.ROOT, "erlangen        %8.1f ms (median of %d steps)%n", result.erlangenMs(), steps);
        Figures figures = new Figures().put("erlangen_ms", result.erlangenMs(), 1);
        if (result.pytorchMs() != null) {
            System.out.printf(Locale.ROOT, "pytorch         %8.1f ms   (%s, BLAS %s)%n", result.pytorchMs(),
                    result.peerNote(), result.blas());
            System.out.printf(Locale.ROOT, "largest relative loss difference over the first %d steps: %.2e%n",
                    Math.min(StepResult.CHECKED_STEPS, result.losses().length), result.lossDifference());
            if (!(result.lossDifference() <= 1e-3)) { // NaN fails too
                throw new IllegalStateException("Erlangen and PyTorch disagree on the loss: "
                        + result.lossDifference() + "; losses per step " + Arrays.toString(result.losses())
                        + " against " + Arrays.toString(result.pytorchLosses()));
            }
            figures.put("pytorch_ms", result.pytorchMs(), 1)
                    .put("ratio", result.erlangenMs() / result.pytorchMs(), 3)
                    .put("loss_rel_diff", String.format(Locale.ROOT, "%.1e", result.lossDifference()));
        } else {
            System.out.println("PyTorch peer not run: " + result.peerNote());
        }
        figures.put("threads", result.threads());
        figures.print();
    }

    @Command(name = "gat", mixinStandardHelpOptions = true,
            description = "2-layer GAT (64 -> 8 heads x 8 -> 8 classes, ELU, self loops) on a random graph: one step "
                    + "of forward, backward and Adam.")
    static final class Gat implements Callable<Integer> {
        @Option(names = "--nodes", defaultValue = "20000", description = "Nodes (default ${DEFAULT-VALUE}).")
        int nodes;
        @Option(names = "--edges", defaultValue = "200000", description = "Edges before self loops (default ${DEFAULT-VALUE}).")
        int edges;
        @Mixin
        StepOptions options;

        @Override
        public Integer call() throws Exception {
            options.applyConcurrency();
            Path work = Files.createTempDirectory("erlangen-bench");
            System.out.printf(Locale.ROOT, "GAT step: %,d nodes, %,d edges + self loops, 64 -> 8x8 -> 8, %d threads%n",
                    nodes, edges, Concurrency.level());
            var result = new GatBench(nodes, edges, 64, 8, 8, 8, options.seed)
                    .run(options.steps, options.warmup(30), work, !options.noPeer);
            report(result, options.steps);
            return 0;
        }
    }

    @Command(name = "gin", mixinStandardHelpOptions = true,
            description = "GIN graph classifier (3 GINConv layers with 2-layer MLPs of width 64, sum readout, linear "
                    + "head) on one batch of NCI1 graphs (random small graphs when the data is absent): one step of "
                    + "forward, backward and Adam.")
    static final class Gin implements Callable<Integer> {
        @Option(names = "--data", defaultValue = "../shared/data/tu-nci1",
                description = "TUDataset folder (default ${DEFAULT-VALUE}); random graphs when it does not exist.")
        Path data;
        @Option(names = "--batch", defaultValue = "128", description = "Graphs in the batch (default ${DEFAULT-VALUE}).")
        int batch;
        @Mixin
        StepOptions options;

        @Override
        public Integer call() throws Exception {
            options.applyConcurrency();
            if (batch < 1) {
                throw new UserError("--batch must be positive, got " + batch);
            }
            var graphs = Files.isDirectory(data) ? GinBench.of(TuDatasetReader.read(data), batch, options.seed)
                    : GinBench.random(batch, 37, 2, options.seed);
            Path work = Files.createTempDirectory("erlangen-bench");
            System.out.printf(Locale.ROOT, "GIN step: %d %s graphs, %,d nodes, %,d edges, 3 layers of width 64, "
                    + "%d threads%n", graphs.labels().length, graphs.source(), graphs.graphs().graph().numNodes(),
                    graphs.graphs().graph().numEdges(), Concurrency.level());
            var result = new GinBench(graphs, 64, 3, options.seed)
                    .run(options.steps, options.warmup(300), work, !options.noPeer);
            report(result, options.steps);
            return 0;
        }
    }

    @Command(name = "p4cnn", mixinStandardHelpOptions = true,
            description = "Cohen and Welling's P4CNN (a lifting and six p4 convolutions of 10 channels, batch norm, "
                    + "orientation pooling) on one batch of 28x28 images: one step of forward, backward and Adam.")
    static final class P4cnn implements Callable<Integer> {
        @Option(names = "--batch", defaultValue = "128", description = "Images in the batch (default ${DEFAULT-VALUE}).")
        int batch;
        @Mixin
        StepOptions options;

        @Override
        public Integer call() throws Exception {
            options.applyConcurrency();
            if (batch < 1) {
                throw new UserError("--batch must be positive, got " + batch);
            }
            Path work = Files.createTempDirectory("erlangen-bench");
            System.out.printf(Locale.ROOT, "P4CNN step: %d images of 28x28, 7 layers of 10 channels x 4 "
                    + "orientations, %d threads%n", batch, Concurrency.level());
            var result = new P4cnnBench(batch, options.seed).run(options.steps, options.warmup(10), work,
                    !options.noPeer);
            report(result, options.steps);
            return 0;
        }
    }

    @Command(name = "s2cnn", mixinStandardHelpOptions = true,
            description = "The spherical CNN of sphere-classify (two per-degree convolutions, ReLU on the grid, power "
                    + "per degree, linear head) on one batch of grid signals: one step of forward, backward and Adam.")
    static final class S2cnn implements Callable<Integer> {
        @Option(names = "--bandwidth", defaultValue = "12", description = "Bandwidth B, a 2B x 2B grid (default "
                + "${DEFAULT-VALUE}, as sphere-classify).")
        int bandwidth;
        @Option(names = "--channels", defaultValue = "32", description = "Hidden channels (default ${DEFAULT-VALUE}).")
        int channels;
        @Option(names = "--batch", defaultValue = "64", description = "Signals in the batch (default ${DEFAULT-VALUE}).")
        int batch;
        @Mixin
        StepOptions options;

        @Override
        public Integer call() throws Exception {
            options.applyConcurrency();
            OptionChecks.atLeast("--bandwidth", bandwidth, 1);
            OptionChecks.atLeast("--channels", channels, 1);
            OptionChecks.atLeast("--batch", batch, 1);
            Path work = Files.createTempDirectory("erlangen-bench");
            System.out.printf(Locale.ROOT, "S2CNN step: %d signals on a %dx%d grid (bandwidth %d), %d hidden "
                    + "channels, %d threads%n", batch, 2 * bandwidth, 2 * bandwidth, bandwidth, channels,
                    Concurrency.level());
            var result = new S2cnnBench(bandwidth, channels, batch, options.seed).run(options.steps,
                    options.warmup(30), work, !options.noPeer);
            report(result, options.steps);
            return 0;
        }
    }

    @Command(name = "gem", mixinStandardHelpOptions = true,
            description = "One GEM convolution (16x0+16x1+16x2 in and out) forward and backward on an icosphere of "
                    + "10,242 vertices.")
    static final class Gem implements Callable<Integer> {
        @Option(names = "--runs", defaultValue = "10", description = "Timed runs; the median is reported.")
        int runs;
        @Option(names = "--warmup", defaultValue = "3")
        int warmup;
        @Option(names = "--concurrency", description = "Threads (default: all processors).")
        Integer concurrency;

        @Override
        public Integer call() {
            if (concurrency != null) {
                Concurrency.setDefault(concurrency);
            }
            var result = GemBench.standard().run(runs, warmup);
            System.out.println(result.line());
            return 0;
        }
    }

    @Command(name = "neo4j", mixinStandardHelpOptions = true,
            description = "Erlangen's procedures against Neo4j GDS GraphSAGE in one embedded database: one training "
                    + "epoch over the whole graph, and streaming predictions.")
    static final class Neo4j implements Callable<Integer> {
        @Option(names = "--nodes", defaultValue = "20000", description = "Nodes (default ${DEFAULT-VALUE}).")
        int nodes;
        @Option(names = "--relationships", defaultValue = "200000",
                description = "Relationships, read as undirected (default ${DEFAULT-VALUE}).")
        int relationships;
        @Option(names = "--features", defaultValue = "64", description = "Floats per node (default ${DEFAULT-VALUE}).")
        int features;
        @Option(names = "--repeats", defaultValue = "5",
                description = "Timed calls after ten warm-up calls; the median is reported (default ${DEFAULT-VALUE}).")
        int repeats;
        @Option(names = "--concurrency", defaultValue = "2", description = "Both sides (default ${DEFAULT-VALUE}).")
        int concurrency;
        @Option(names = "--seed", defaultValue = "42")
        long seed;
        @Option(names = "--fanouts", split = ",", description = "Mini-batch training on both sides: our fanouts (from "
                + "the seeds outward) and GDS's sampleSizes in its order (the same list reversed); default: ours "
                + "full-batch, GDS's sample sizes 25, 10.")
        int[] fanouts;
        @Option(names = "--batch-size", defaultValue = "1024", description = "Nodes per batch on both sides, with "
                + "--fanouts (default ${DEFAULT-VALUE}).")
        int batchSize;
        @Option(names = "--warmup", defaultValue = "10", description = "Untimed calls on each side before the timed "
                + "ones (default ${DEFAULT-VALUE}); 0 for a graph whose calls run for minutes.")
        int warmup;

        @Override
        public Integer call() throws Exception {
            try {
                Class.forName("org.neo4j.gds.embeddings.graphsage.GraphSageTrainProc");
            } catch (ClassNotFoundException e) {
                throw new UserError("Neo4j Graph Data Science is not on the classpath; run this as "
                        + "./erlangen bench neo4j");
            }
            System.out.printf(Locale.ROOT, "Neo4j bench: %,d nodes with %d floats, %,d relationships (undirected), "
                    + "concurrency %d; loading ...%n", nodes, features, relationships, concurrency);
            var bench = new Neo4jBench(nodes, relationships, features, 8, seed).warmup(warmup);
            if (fanouts != null) {
                bench.sampled(fanouts, batchSize);
            }
            var r = bench.run(repeats, concurrency);
            System.out.printf(Locale.ROOT, "loaded in %.1f s; gds.graph.project %.0f ms (once, before GDS's calls)%n",
                    r.loadSeconds(), r.gdsProjectMs());
            System.out.printf(Locale.ROOT, "train  erlangen.model.train (sage, 1 epoch)   %8.0f ms%n"
                    + "       gds.beta.graphSage.train (1 full pass)  %8.0f ms   speed-up %.1fx%n",
                    r.erlangenTrainMs(), r.gdsTrainMs(), r.gdsTrainMs() / r.erlangenTrainMs());
            System.out.printf(Locale.ROOT, "stream erlangen.predict.stream            %8.0f ms%n"
                    + "       gds.beta.graphSage.stream              %8.0f ms   speed-up %.1fx (%d rows each)%n",
                    r.erlangenStreamMs(), r.gdsStreamMs(), r.gdsStreamMs() / r.erlangenStreamMs(), r.streamedRows());
            new Figures().put("erlangen_train_ms", r.erlangenTrainMs(), 0).put("gds_train_ms", r.gdsTrainMs(), 0)
                    .put("erlangen_stream_ms", r.erlangenStreamMs(), 0).put("gds_stream_ms", r.gdsStreamMs(), 0)
                    .put("train_speedup", r.gdsTrainMs() / r.erlangenTrainMs(), 1)
                    .put("stream_speedup", r.gdsStreamMs() / r.erlangenStreamMs(), 1)
                    .put("gds_project_ms", r.gdsProjectMs(), 0).put("load_s", r.loadSeconds(), 1)
                    .put("erlangen_train_peak_gib", r.peakGib().get("erlangen_train"), 2)
                    .put("gds_train_peak_gib", r.peakGib().get("gds_train"), 2)
                    .put("erlangen_stream_peak_gib", r.peakGib().get("erlangen_stream"), 2)
                    .put("gds_stream_peak_gib", r.peakGib().get("gds_stream"), 2).print();
            return 0;
        }
    }

    @Command(name = "linkprediction", mixinStandardHelpOptions = true,
            description = "Erlangen's link prediction against Neo4j GDS's link-prediction pipeline (FastRP, Hadamard "
                    + "link feature, logistic regression) in one embedded database, on a real graph: the same held-out "
                    + "test links and non-links for both; test ROC-AUC and AUCPR, and training time.")
    static final class LinkPrediction implements Callable<Integer> {
        @Option(names = "--graph", defaultValue = "../shared/data/snap-graphs/astro-ph-cc1.lg.txt",
                description = "An undirected edge list or LightGraphs file (default ${DEFAULT-VALUE}).")
        Path graph;
        @Option(names = "--test-fraction", defaultValue = "0.1",
                description = "Links held out for the test, with as many sampled non-links (default ${DEFAULT-VALUE}).")
        double testFraction;
        @Option(names = "--embedding-dimension", defaultValue = "256", description = "FastRP's, in GDS's pipeline and "
                + "as our model's input (default ${DEFAULT-VALUE}).")
        int embeddingDimension;
        @Option(names = "--model", defaultValue = "gcn", description = "Our graph model (default ${DEFAULT-VALUE}, the "
                + "plugin's default).")
        String model;
        @Option(names = "--epochs", description = "Our model's epochs (default: the plugin's, 100).")
        Integer epochs;
        @Option(names = "--no-fastrp", description = "Skip our second run, on GDS's FastRP embedding.")
        boolean noFastRp;
        @Option(names = "--concurrency", defaultValue = "2", description = "Both sides (default ${DEFAULT-VALUE}).")
        int concurrency;
        @Option(names = "--seed", defaultValue = "42")
        long seed;

        @Override
        public Integer call() throws Exception {
            try {
                Class.forName("org.neo4j.gds.ml.linkmodels.pipeline.train.LinkPredictionPipelineTrainProc");
            } catch (ClassNotFoundException e) {
                throw new UserError("Neo4j Graph Data Science is not on the classpath; run this as "
                        + "./erlangen bench linkprediction");
            }
            if (!Files.isRegularFile(graph)) {
                throw new UserError("no graph file at " + graph + " (--graph)");
            }
            var edges = EdgeListReader.read(graph, false);
            var holdout = LinkHoldout.of(edges.graph().numNodes(), LinkHoldout.undirectedPairs(edges.graph()),
                    testFraction, seed);
            System.out.printf(Locale.ROOT, "Link-prediction bench: %s, %,d nodes, %,d links: %,d to train on, %,d "
                    + "test links and as many non-links; FastRP %d, concurrency %d; loading ...%n", graph.getFileName(),
                    holdout.nodes(), holdout.train().length + holdout.test().length, holdout.train().length,
                    holdout.test().length, embeddingDimension, concurrency);
            var r = new LinkPredictionBench(holdout, new LinkPredictionBench.Settings(embeddingDimension, seed,
                    concurrency, model, !noFastRp, epochs)).run();
            System.out.printf(Locale.ROOT, "training time: erlangen %.1f s (erlangen.model.train, its random "
                    + "projection included), gds %.1f s (projection %.1f + pipeline and train %.1f); load %.1f s "
                    + "apart%n", r.erlangenTrainSeconds(), r.gdsTrainSeconds(), r.projectSeconds(),
                    r.gds().trainSeconds(), r.loadSeconds());
            if (r.oursFastRp() != null) {
                System.out.printf(Locale.ROOT, "erlangen on GDS's FastRP: %.1f s (projection %.1f + FastRP write "
                        + "%.1f + erlangen.model.train %.1f)%n", r.erlangenFastRpSeconds(), r.projectSeconds(),
                        r.fastRpSeconds(), r.oursFastRp().trainSeconds());
            }
            System.out.printf(Locale.ROOT, "GDS's own test AUCPR (its internal split of CO_AUTHOR): %.4f; our "
                    + "validation ROC-AUC: %.4f; GDS scores replayed against its predict.stream on %d pairs, largest "
                    + "difference %.1e%n", r.gdsReportedTestAucpr(), r.oursValidationAuc(), r.replayPairs(),
                    r.replayMaxDifference());
            var figures = new Figures().put("erlangen_test_auc", r.ours().test().rocAuc(), 4)
                    .put("erlangen_test_aucpr", r.ours().test().averagePrecision(), 4)
                    .put("gds_test_auc", r.gds().test().rocAuc(), 4)
                    .put("gds_test_aucpr", r.gds().test().averagePrecision(), 4)
                    .put("erlangen_train_s", r.erlangenTrainSeconds(), 1).put("gds_train_s", r.gdsTrainSeconds(), 1);
            if (r.oursFastRp() != null) {
                figures.put("erlangen_fastrp_test_auc", r.oursFastRp().test().rocAuc(), 4)
                        .put("erlangen_fastrp_test_aucpr", r.oursFastRp().test().averagePrecision(), 4)
                        .put("erlangen_fastrp_train_s", r.erlangenFastRpSeconds(), 1);
            }
            figures.put("gds_reported_test_aucpr", r.gdsReportedTestAucpr(), 4)
                    .put("fastrp_s", r.fastRpSeconds(), 1).put("project_s", r.projectSeconds(), 1)
                    .put("load_s", r.loadSeconds(), 1)
                    .put("erlangen_train_peak_gib", r.peakGib().get("erlangen_train"), 2)
                    .put("gds_train_peak_gib", r.peakGib().get("gds_train"), 2)
                    .put("nodes", r.nodes()).put("relationships", (long) r.trainLinks() + r.testLinks())
                    .put("test_links", r.testLinks()).print();
            return 0;
        }
    }

    @Command(name = "sampling", mixinStandardHelpOptions = true,
            description = "Mini-batch GraphSAGE (2 layers of 128, fanouts 15,10, batch 1024) on a generated graph with "
                    + "planted classes: one epoch over the 10% of nodes labelled for training, one layer-wise "
                    + "inference over all nodes, the sampler's throughput and peak memory; then the same step in "
                    + "PyTorch on the same sampled batches.")
    static final class Sampling implements Callable<Integer> {
        @Option(names = "--nodes", defaultValue = "10000000", description = "Nodes (default ${DEFAULT-VALUE}).")
        int nodes;
        @Option(names = "--edges", defaultValue = "100000000",
                description = "Directed edges, each pair both ways (default ${DEFAULT-VALUE}).")
        long edges;
        @Option(names = "--features", defaultValue = "64", description = "Floats per node (default ${DEFAULT-VALUE}).")
        int features;
        @Option(names = "--classes", defaultValue = "16", description = "Planted classes (default ${DEFAULT-VALUE}).")
        int classes;
        @Option(names = "--hidden", defaultValue = "128", description = "Hidden units (default ${DEFAULT-VALUE}).")
        int hidden;
        @Option(names = "--fanouts", split = ",", defaultValue = "15,10",
                description = "Per hop, from the seeds outward (default ${DEFAULT-VALUE}).")
        int[] fanouts;
        @Option(names = "--batch-size", defaultValue = "1024", description = "Seeds per batch (default ${DEFAULT-VALUE}).")
        int batchSize;
        @Option(names = "--steps", defaultValue = "20",
                description = "Timed steps of the paired comparison (default ${DEFAULT-VALUE}).")
        int steps;
        @Option(names = "--warmup", defaultValue = "30", description = "Untimed steps first: the JIT compiles our "
                + "kernels during the first steps (default ${DEFAULT-VALUE}).")
        int warmup;
        @Option(names = "--seed", defaultValue = "42")
        long seed;
        @Option(names = "--epochs", defaultValue = "1", description = "Training epochs; with more than one, memory per "
                + "epoch shows whether batches leave any behind; epoch_s is the fastest (default ${DEFAULT-VALUE}).")
        int epochs;
        @Option(names = "--no-pytorch", description = "Skip the PyTorch peer.")
        boolean noPytorch;

        @Override
        public Integer call() throws Exception {
            OptionChecks.atLeast("--epochs", epochs, 1);
            OptionChecks.atLeast("--nodes", nodes, 10);
            OptionChecks.atLeast("--batch-size", batchSize, 1);
            OptionChecks.atLeast("--steps", steps, 1);
            System.out.printf(Locale.ROOT, "sampling bench: %,d nodes, %,d edges, %d features, %d classes; "
                    + "SAGE %d x %d, fanouts %s, batch %d, %d threads%n", nodes, edges, features, classes,
                    fanouts.length, hidden, Arrays.toString(fanouts), batchSize, Concurrency.level());
            Path work = Files.createTempDirectory("erlangen-sampling-bench");
            SamplingBench.Result r;
            try {
                r = new SamplingBench(nodes, edges, features, classes, hidden, fanouts, batchSize, seed, epochs)
                        .run(work, steps, warmup, !noPytorch, System.out::println);
            } finally {
                Files.deleteIfExists(work.resolve("sampling-bench.safetensors"));
                Files.deleteIfExists(work.resolve("sage_sampled_pytorch.py"));
                Files.deleteIfExists(work.resolve("peer_io.py"));
                Files.deleteIfExists(work);
            }
            System.out.printf(Locale.ROOT, "step on the same sampled batches: erlangen %.1f ms, pytorch %s ms "
                    + "(losses within %.2g); %s%n", r.erlangenStepMs(), r.pytorchStepMs() == null ? "-"
                    : String.format(Locale.ROOT, "%.1f", r.pytorchStepMs()), r.lossDifference(), r.peerNote());
            var figures = new Figures().put("epoch_s", r.epochSeconds(), 1)
                    .put("first_epoch_s", r.firstEpochSeconds(), 1).put("inference_s", r.inferenceSeconds(), 1)
                    .put("sampled_edges_per_s", r.sampledEdgesPerSecond(), 0)
                    .put("test_accuracy", r.testAccuracy(), 4).put("reference_accuracy", r.referenceAccuracy(), 4)
                    .put("peak_rss_gb", r.peakRssGb(), 2).put("erlangen_step_ms", r.erlangenStepMs(), 1);
            var last = r.memory().get(r.memory().size() - 1);
            figures.put("offheap_peak_gb", last.offHeapPeakGb(), 2).put("heap_peak_gb", last.heapPeakGb(), 2);
            if (r.pytorchStepMs() != null) {
                figures.put("pytorch_step_ms", r.pytorchStepMs(), 1)
                        .put("step_ratio", r.erlangenStepMs() / r.pytorchStepMs(), 2);
            }
            figures.print();
            return 0;
        }
    }

    @Command(name = "schnet", mixinStandardHelpOptions = true,
            description = "SchNet (64 features, 25 Gaussians, 3 interactions, 5 A cutoff) on one batch of QM7 "
                    + "molecules (random ones when the data is absent): a training step (forward, L1 loss, backward, "
                    + "Adam) and a prediction, in molecules per second, against the same SchNet in PyTorch.")
    static final class SchNetStep implements Callable<Integer> {
        @Option(names = "--data", defaultValue = "../shared/data/qm7-qml",
                description = "QM7 folder (default ${DEFAULT-VALUE}); random molecules when it does not exist.")
        Path data;
        @Option(names = "--batch", defaultValue = "128",
                description = "Molecules in the batch (default ${DEFAULT-VALUE}).")
        int batch;
        @Option(names = "--threads", defaultValue = "1", description = "Threads for both sides; one is fastest for "
                + "small molecules (default ${DEFAULT-VALUE}).")
        int threads;
        @Option(names = "--steps", defaultValue = "20",
                description = "Timed steps; the median is reported (default ${DEFAULT-VALUE}).")
        int steps;
        @Option(names = "--warmup", defaultValue = "5", description = "Untimed steps first (default ${DEFAULT-VALUE}).")
        int warmup;
        @Option(names = "--seed", defaultValue = "42")
        long seed;
        @Option(names = "--no-pytorch", description = "Skip the PyTorch peer.")
        boolean noPeer;

        @Override
        public Integer call() throws Exception {
            if (batch < 1 || threads < 1 || steps < 1 || warmup < 0) {
                throw new UserError("--batch, --threads and --steps must be positive and --warmup non-negative");
            }
            Concurrency.setDefault(threads);
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            var molecules = Files.isDirectory(data)
                    ? SchNetBench.of(Qm7Reader.read(data, OnError.FAIL).molecules(), Qm7Reader.PBE0, batch, seed)
                    : SchNetBench.random(batch, seed);
            var graph = molecules.graphs().graph();
            System.out.printf(Locale.ROOT, "SchNet: %d %s molecules, %,d atoms, %,d edges within 5 A, %d threads%n",
                    molecules.graphs().size(), molecules.source(), graph.numNodes(), graph.numEdges(), threads);
            SchNetBench.Result r = new SchNetBench(molecules, seed).run(steps, warmup,
                    Files.createTempDirectory("erlangen-bench"), !noPeer);
            System.out.printf(Locale.ROOT, "erlangen  train %8.1f ms (%6.0f molecules/s)  predict %7.1f ms (%6.0f "
                    + "molecules/s)%n", r.trainMs(), r.trainMoleculesPerSecond(), r.predictMs(),
                    r.predictMoleculesPerSecond());
            Figures figures = new Figures().put("erlangen_ms", r.trainMs(), 1);
            if (r.pytorchTrainMs() != null) {
                double torchTrain = r.molecules() / (r.pytorchTrainMs() / 1000);
                double torchPredict = r.molecules() / (r.pytorchPredictMs() / 1000);
                System.out.printf(Locale.ROOT, "pytorch   train %8.1f ms (%6.0f molecules/s)  predict %7.1f ms (%6.0f "
                        + "molecules/s)   (%s, BLAS %s)%n", r.pytorchTrainMs(), torchTrain, r.pytorchPredictMs(),
                        torchPredict, r.peerNote(), r.blas());
                System.out.printf(Locale.ROOT, "process CPU per step (mean): erlangen train %.1f ms, predict %.1f ms; pytorch "
                        + "train %.1f ms, predict %.1f ms%n", r.cpu().trainMs(), r.cpu().predictMs(),
                        r.pytorchCpu().trainMs(), r.pytorchCpu().predictMs());
                System.out.printf(Locale.ROOT, "initial energies differ by %.1e (relative); losses over %d steps by "
                        + "%.1e%n", r.energyDifference(), r.losses().length, r.lossDifference());
                if (!(r.energyDifference() <= 1e-4) || !(r.lossDifference() <= 1e-3)) { // NaN fails too
                    throw new IllegalStateException("Erlangen and PyTorch disagree: energies by "
                            + r.energyDifference() + ", losses by " + r.lossDifference() + "; losses "
                            + Arrays.toString(r.losses()) + " against " + Arrays.toString(r.pytorchLosses()));
                }
                figures.put("pytorch_ms", r.pytorchTrainMs(), 1)
                        .put("ratio", r.trainMs() / r.pytorchTrainMs(), 3)
                        .put("erlangen_train_mol_s", r.trainMoleculesPerSecond(), 0)
                        .put("pytorch_train_mol_s", torchTrain, 0)
                        .put("erlangen_predict_mol_s", r.predictMoleculesPerSecond(), 0)
                        .put("pytorch_predict_mol_s", torchPredict, 0)
                        .put("predict_ratio", r.predictMs() / r.pytorchPredictMs(), 3)
                        .put("erlangen_cpu_ms", r.cpu().trainMs(), 1)
                        .put("pytorch_cpu_ms", r.pytorchCpu().trainMs(), 1)
                        .put("cpu_ratio", r.cpu().trainMs() / r.pytorchCpu().trainMs(), 3)
                        .put("predict_cpu_ratio", r.cpu().predictMs() / r.pytorchCpu().predictMs(), 3)
                        .put("loss_rel_diff", String.format(Locale.ROOT, "%.1e", r.lossDifference()));
            } else {
                System.out.println("PyTorch peer not run: " + r.peerNote());
                figures.put("erlangen_train_mol_s", r.trainMoleculesPerSecond(), 0)
                        .put("erlangen_predict_mol_s", r.predictMoleculesPerSecond(), 0);
            }
            figures.put("threads", threads).print();
            return 0;
        }
    }
}
