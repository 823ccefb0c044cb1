package org.erlangen.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.erlangen.gnn.conv.GCNConv;
import org.erlangen.graph.Graph;
import org.erlangen.io.ModelFile;
import org.erlangen.kernels.Concurrency;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Adam;
import org.erlangen.train.Losses;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step (forward, backward, Adam) of the two-layer GCN of the design notes on a random graph, timed here
 * and, from the same graph and initial weights, in PyTorch with torch.sparse COO and CSR products.
 */
public final class GcnBench {
    /** What one run measured. Losses are per step, warm-up included, for comparing the two implementations. */
    public record Result(int threads, double erlangenMs, double[] losses, Double cooMs, Double csrMs,
            Double csrCachedMs, double[] cooLosses, double[] csrLosses, String peerNote, String blas) {
        public Double pytorchMs() {
            return cooMs == null ? null : Math.min(cooMs, csrMs);
        }

        /** Largest relative difference between our loss and PyTorch's over the steps. */
        public double lossDifference() {
            double worst = 0;
            for (double[] other : List.of(cooLosses, csrLosses)) {
                for (int i = 0; i < Math.min(losses.length, other.length); i++) {
                    worst = Math.max(worst, Math.abs(losses[i] - other[i]) / Math.abs(other[i]));
                }
            }
            return worst;
        }
    }

    /** The model: 128 -> 64 -> 16 GCN layers with a ReLU between. */
    static final class TwoLayerGcn extends Module {
        final GCNConv first;
        final GCNConv second;

        TwoLayerGcn(int in, int hidden, int out, long seed) {
            var random = new Random(seed);
            first = child("conv1", new GCNConv(in, hidden, random));
            second = child("conv2", new GCNConv(hidden, out, random));
        }

        Tensor forward(Graph graph, Tensor x) {
            return second.forward(graph, Activations.relu(first.forward(graph, x)));
        }
    }

    private final int nodes;
    private final int edges;
    private final int features;
    private final int hidden;
    private final int classes;
    private final long seed;

    public GcnBench(int nodes, int edges, int features, int hidden, int classes, long seed) {
        this.nodes = nodes;
        this.edges = edges;
        this.features = features;
        this.hidden = hidden;
        this.classes = classes;
        this.seed = seed;
    }

    /** A random directed graph with {@code edges} edges plus a self loop at every node. */
    Graph randomGraph() {
        var random = new SplittableRandom(seed);
        int[] senders = new int[edges + nodes];
        int[] receivers = new int[edges + nodes];
        for (int e = 0; e < edges; e++) {
            senders[e] = random.nextInt(nodes);
            receivers[e] = random.nextInt(nodes);
        }
        for (int v = 0; v < nodes; v++) {
            senders[edges + v] = v;
            receivers[edges + v] = v;
        }
        return Graph.builder(nodes).edges(senders, receivers).build();
    }

    public Result run(int steps, int warmup, Path workDir, boolean withPeer) throws IOException, InterruptedException {
        Graph graph = randomGraph();
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, nodes, features);
        int[] labels = new SplittableRandom(seed + 1).ints(nodes, 0, classes).toArray();
        TwoLayerGcn model = new TwoLayerGcn(features, hidden, classes, seed);

        Path file = workDir.resolve("gcn-bench.safetensors");
        if (withPeer) {
            Map<String, INDArray> tensors = new LinkedHashMap<>(model.stateDict());
            tensors.put("x", x);
            tensors.put("labels", Nd4j.createFromArray(labels));
            tensors.put("senders", Nd4j.createFromArray(graph.senders()));
            tensors.put("receivers", Nd4j.createFromArray(graph.receivers()));
            ModelFile.write(file, tensors, new JsonObject());
        }

        int threads = Concurrency.level();
        double[] losses = new double[warmup + steps];
        double[] times = new double[steps];
        Adam adam = new Adam(model.parameters(), 0.01);
        Tensor input = Tensor.constant(x);
        for (int step = 0; step < warmup + steps; step++) {
            long start = System.nanoTime();
            try (var ignored = Workspace.step()) {
                Tensor loss = Losses.crossEntropy(model.forward(graph, input), labels, null, null);
                loss.backward();
                adam.step();
                model.zeroGrad();
                losses[step] = loss.item();
            }
            if (step >= warmup) {
                times[step - warmup] = (System.nanoTime() - start) / 1e6;
            }
        }
        double ours = median(times);
        if (!withPeer) {
            return new Result(threads, ours, losses, null, null, null, new double[0], new double[0], "peer not run",
                    "");
        }
        var peer = PythonPeer.find();
        if (peer.isEmpty()) {
            return new Result(threads, ours, losses, null, null, null, new double[0], new double[0],
                    "no python3 with torch found (apt-get install python3-torch libopenblas0-pthread)", "");
        }
        // the ratio takes PyTorch's faster layout (see pytorchMs), so its thread setting is chosen on that too
        var fastest = peer.get().runFastest("gcn_pytorch.py", workDir, List.of(file.toString(), "--steps",
                Integer.toString(steps), "--warmup", Integer.toString(warmup)), threads,
                j -> Math.min(j.get("coo_ms").getAsDouble(), j.get("csr_ms").getAsDouble()));
        JsonObject json = fastest.json();
        return new Result(threads, ours, losses, json.get("coo_ms").getAsDouble(), json.get("csr_ms").getAsDouble(),
                json.get("csr_cached_ms").getAsDouble(), doubles(json, "coo_losses"), doubles(json, "csr_losses"),
                "torch " + json.get("torch").getAsString() + ", fastest of " + fastest.scores(),
                json.get("blas").getAsString());
    }

    private static double[] doubles(JsonObject json, String key) {
        List<Double> values = new ArrayList<>();
        json.getAsJsonArray(key).forEach(v -> values.add(v.getAsDouble()));
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
