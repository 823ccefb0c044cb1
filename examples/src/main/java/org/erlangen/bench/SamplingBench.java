package org.erlangen.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.bytedeco.javacpp.Pointer;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.gnn.models.SampledBatch;
import org.erlangen.gnn.tasks.NodeClassifier;
import org.erlangen.graph.Graph;
import org.erlangen.graph.sampling.FeatureRows;
import org.erlangen.graph.sampling.NeighborLoader;
import org.erlangen.graph.sampling.NeighborSampler;
import org.erlangen.graph.sampling.NodeRows;
import org.erlangen.graph.sampling.SampledSubgraph;
import org.erlangen.io.ModelFile;
import org.erlangen.kernels.Concurrency;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Adam;
import org.erlangen.train.Losses;
import org.erlangen.train.Metrics;
import org.erlangen.train.TrainingListener;
import org.erlangen.train.TrainingSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mini-batch GraphSAGE on a large generated graph with planted classes: one training epoch over the labelled nodes in
 * sampled mini-batches, one layer-wise inference over every node, the sampler's own throughput, and the process's
 * peak resident memory; then the same model step in PyTorch on the same sampled batches from the same weights.
 */
public final class SamplingBench {
    /** What one run measured. */
    public record Result(int nodes, long edges, double generateSeconds, double firstEpochSeconds, double epochSeconds,
            int batches,
            double inferenceSeconds, double sampledEdgesPerSecond, double testAccuracy, double referenceAccuracy,
            double erlangenStepMs, Double pytorchStepMs, double lossDifference, String peerNote,
            double peakRssGb, List<EpochMemory> memory) {
    }

    /**
     * Memory over one epoch, sampled after every step: the highest resident memory beyond the heap's committed size
     * (ND4J's arrays and arenas, and the JVM's own, from the process's resident set) and the highest heap in use
     * (garbage not yet collected included), and both at the epoch's end. Flat figures from epoch to epoch show that
     * batches do not leave memory behind.
     */
    public record EpochMemory(int epoch, double offHeapPeakGb, double offHeapEndGb, double heapPeakGb,
            double heapEndGb) {
    }

    private final int nodes;
    private final long edges;
    private final int features;
    private final int classes;
    private final int hidden;
    private final int[] fanouts;
    private final int batchSize;
    private final long seed;
    private final int epochs;

    public SamplingBench(int nodes, long edges, int features, int classes, int hidden, int[] fanouts, int batchSize,
            long seed, int epochs) {
        this.epochs = epochs;
        this.nodes = nodes;
        this.edges = edges;
        this.features = features;
        this.classes = classes;
        this.hidden = hidden;
        this.fanouts = fanouts.clone();
        this.batchSize = batchSize;
        this.seed = seed;
    }

    public Result run(Path workDir, int peerSteps, int warmup, boolean withPeer, Consumer<String> log)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        PlantedGraph planted = PlantedGraph.generate(nodes, edges, features, classes, seed);
        Graph graph = planted.graph();
        double generated = (System.nanoTime() - start) / 1e9;
        log.accept(String.format(Locale.ROOT, "generated %,d nodes, %,d edges, %d features in %.1f s",
                nodes, graph.numEdges(), features, generated));
        int[][] split = split();
        int[] train = split[0];
        int[] test = split[1];

        double edgesPerSecond = samplerThroughput(graph, train);
        log.accept(String.format(Locale.ROOT, "sampler alone: %.3g edges/s", edgesPerSecond));

        var classifier = new NodeClassifier().layer("sage").layers(fanouts.length).hidden(hidden).dropout(0)
                .scaleFeatures(false).seed(seed).fanouts(fanouts).batchSize(batchSize)
                .training(TrainingSettings.builder().epochs(epochs).learningRate(0.01).build());
        List<EpochMemory> memory = new ArrayList<>();
        var fit = classifier.fit(graph, train, null, new TrainingListener() {
            private long offHeapPeak;
            private long heapPeak;

            @Override
            public void epoch(Epoch e) {
                var m = new EpochMemory(e.epoch(), offHeapPeak / GIB, offHeap() / GIB, heapPeak / GIB,
                        heapUsed() / GIB);
                memory.add(m);
                log.accept(String.format(Locale.ROOT, "epoch %d: %.1f s, loss %.4f; off-heap peak %.2f GiB (%.2f at "
                        + "the end), heap peak %.2f GiB (%.2f at the end)", e.epoch(), e.seconds(), e.loss(),
                        m.offHeapPeakGb(), m.offHeapEndGb(), m.heapPeakGb(), m.heapEndGb()));
                offHeapPeak = 0;
                heapPeak = 0;
            }

            @Override
            public void batch(int epoch, int batch, int batches, double loss) {
                offHeapPeak = Math.max(offHeapPeak, offHeap());
                heapPeak = Math.max(heapPeak, heapUsed());
                if (batch % 100 == 0 || batch == batches) {
                    log.accept(String.format(Locale.ROOT, "batch %d/%d loss %.4f", batch, batches, loss));
                }
            }
        });
        double epochSeconds = fit.history().stream().mapToDouble(TrainingListener.Epoch::seconds).min()
                .orElse(Double.NaN);
        long inferenceStart = System.nanoTime();
        INDArray logits = classifier.logits(graph);
        double inferenceSeconds = (System.nanoTime() - inferenceStart) / 1e9;
        double accuracy = Metrics.accuracy(Nd4j.pullRows(logits, 1, test), labels(planted, test), null);
        double reference = planted.referenceAccuracy(test);
        log.accept(String.format(Locale.ROOT, "epoch %.1f s, inference %.1f s, test accuracy %.4f "
                + "(reference %.4f)", epochSeconds, inferenceSeconds, accuracy, reference));

        Steps steps = steps(graph, train, peerSteps + warmup, warmup, workDir, withPeer);
        Double peerMs = null;
        double lossDifference = Double.NaN;
        String note = "peer not run";
        if (withPeer) {
            var peer = PythonPeer.find();
            if (peer.isEmpty()) {
                note = "no python3 with torch found (apt-get install python3-torch libopenblas0-pthread)";
            } else {
                var fastest = peer.get().runFastest("sage_sampled_pytorch.py", workDir, List.of(
                        steps.file().toString(), "--warmup", Integer.toString(warmup), "--steps",
                        Integer.toString(peerSteps + warmup)), Concurrency.level(),
                        j -> Math.min(j.get("scatter_ms").getAsDouble(), j.get("sparse_ms").getAsDouble()));
                JsonObject json = fastest.json();
                peerMs = Math.min(json.get("scatter_ms").getAsDouble(), json.get("sparse_ms").getAsDouble());
                lossDifference = 0;
                var peerLosses = json.getAsJsonArray("losses");
                for (int i = 0; i < steps.losses().length; i++) {
                    double p = peerLosses.get(i).getAsDouble();
                    lossDifference = Math.max(lossDifference, Math.abs(steps.losses()[i] - p) / Math.abs(p));
                }
                note = "torch " + json.get("torch").getAsString() + ", fastest of " + fastest.scores();
            }
            Files.deleteIfExists(steps.file());
        }
        return new Result(nodes, graph.numEdges(), generated, fit.history().get(0).seconds(), epochSeconds, fit.history().size() > 0
                ? (train.length + batchSize - 1) / batchSize : 0, inferenceSeconds, edgesPerSecond, accuracy,
                reference, steps.medianMs(), peerMs, lossDifference, note, peakRssGb(), memory);
    }

    /** 10% of the nodes for training, another 10% for testing, drawn with the seed. */
    private int[][] split() {
        int[] order = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            order[i] = i;
        }
        var random = new SplittableRandom(seed + 7);
        for (int i = nodes - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int tenth = nodes / 10;
        return new int[][] {Arrays.copyOfRange(order, 0, tenth),
            Arrays.copyOfRange(order, tenth, 2 * tenth)};
    }

    private static int[] labels(PlantedGraph planted, int[] nodes) {
        int[] out = new int[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            out[i] = planted.classOf(nodes[i]);
        }
        return out;
    }

    /** Sampled edges per second of the sampler on the training thread alone, over the first batches of an epoch. */
    private double samplerThroughput(Graph graph, int[] train) {
        var sampler = NeighborSampler.uniform(graph.adjacency(), fanouts, false);
        var loader = NeighborLoader.builder(sampler, train, sub -> sub).batchSize(batchSize).seed(seed).build();
        int[][] batches = loader.seeds(1);
        int count = Math.min(batches.length, 50);
        long sampled = 0;
        long begin = System.nanoTime();
        for (int b = 0; b < count; b++) {
            sampled += sampler.sample(batches[b], seed, 1).edgeCount();
        }
        return sampled / ((System.nanoTime() - begin) / 1e9);
    }

    /** Distinct sampled batches the paired steps cycle over. */
    static final int DISTINCT = 8;

    private record Steps(Path file, double[] losses, double medianMs) {
    }

    /**
     * {@code total} steps of a fresh model (dropout 0, no feature scaling), cycling over the first {@value #DISTINCT}
     * sampled batches of an epoch (so the peer's file stays small however many steps warm up),
     * timed after {@code warmup}; with the peer, the batches and initial weights go to a file for it.
     */
    private Steps steps(Graph graph, int[] train, int total, int warmup, Path workDir, boolean withPeer)
            throws IOException {
        var sampler = NeighborSampler.uniform(graph.adjacency(), fanouts, false);
        var loader = NeighborLoader.builder(sampler, train, sub -> sub).batchSize(batchSize).seed(seed).build();
        int[][] seeds = loader.seeds(1);
        List<SampledSubgraph> batches = new ArrayList<>();
        for (int b = 0; b < Math.min(DISTINCT, seeds.length); b++) {
            batches.add(loader.batch(seeds[b], 1));
        }
        var model = new GnnModel(new ModelConfig("sage", "node", features, hidden, classes, fanouts.length, 0.0,
                "sum", 1, 1.0), seed, DataType.FLOAT);
        Path file = workDir.resolve("sampling-bench.safetensors");
        if (withPeer) {
            Map<String, INDArray> tensors = new LinkedHashMap<>(model.stateDict());
            for (int b = 0; b < batches.size(); b++) {
                SampledSubgraph sub = batches.get(b);
                tensors.put("b" + b + ".x", FeatureRows.gather(graph.nodeFeatures(), sub.nodes()).toArray());
                tensors.put("b" + b + ".y", Nd4j.createFromArray(labels(graph, sub)));
                tensors.put("b" + b + ".senders", Nd4j.createFromArray(sub.senders()));
                tensors.put("b" + b + ".receivers", Nd4j.createFromArray(sub.receivers()));
                int[] spans = new int[sub.hops() * 2];
                for (int l = 0; l < sub.hops(); l++) {
                    spans[2 * l] = sub.layer(l).inputNodes();
                    spans[2 * l + 1] = sub.layer(l).edges();
                }
                tensors.put("b" + b + ".spans", Nd4j.createFromArray(spans));
            }
            var meta = new JsonObject();
            meta.addProperty("batches", batches.size());
            meta.addProperty("steps", total);
            ModelFile.write(file, tensors, meta);
        }
        Adam adam = new Adam(model.parameters(), 0.01);
        NodeRows rows = NodeRows.inPlace(graph.nodeFeatures());
        double[] losses = new double[total];
        double[] times = new double[total - warmup];
        model.train(true);
        for (int b = 0; b < total; b++) {
            SampledSubgraph sub = batches.get(b % batches.size());
            SampledBatch batch = SampledBatch.of(sub, rows, "sage");
            int[] y = labels(graph, sub);
            try (var step = Workspace.step()) {
                // the inputs ready before the clock starts, as the peer's tensor is
                Tensor x = batch.features().tensor();
                long begin = System.nanoTime();
                Tensor loss = Losses.crossEntropy(model.nodes(batch.layerGraphs(), x, y.length), y, null, null);
                loss.backward();
                adam.step();
                model.zeroGrad();
                losses[b] = loss.item();
                if (b >= warmup) {
                    times[b - warmup] = (System.nanoTime() - begin) / 1e6;
                }
            }
        }
        return new Steps(file, losses, GcnBench.median(times));
    }

    private static int[] labels(Graph graph, SampledSubgraph sub) {
        int[] y = new int[sub.seedCount()];
        for (int i = 0; i < y.length; i++) {
            y[i] = (int) graph.nodeTargets().getLong(sub.nodes()[i]);
        }
        return y;
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** Resident memory beyond the heap's committed size. */
    private static long offHeap() {
        return Math.max(0, Pointer.physicalBytes() - Runtime.getRuntime().totalMemory());
    }

    private static long heapUsed() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** The process's peak resident memory (VmHWM), in GiB; NaN where /proc does not say. */
    static double peakRssGb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / (1024.0 * 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
