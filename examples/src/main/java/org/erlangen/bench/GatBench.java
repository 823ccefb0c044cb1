package org.erlangen.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.erlangen.gnn.conv.GATConv;
import org.erlangen.graph.Graph;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.io.ModelFile;
import org.erlangen.kernels.Concurrency;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Adam;
import org.erlangen.train.Losses;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step (forward, backward, Adam) of a two-layer GAT (heads x channels concatenated, ELU, then one head
 * to the classes; self loops added, no dropout) on a random graph, timed here and, from the same graph and initial
 * weights, in plain PyTorch with index_add_ (the peer {@code gat_pytorch.py}).
 */
public final class GatBench {
    /** The model: GAT with {@code heads} heads of {@code hidden} channels, ELU, GAT with one head to the classes. */
    static final class TwoLayerGat extends Module {
        final GATConv first;
        final GATConv second;

        TwoLayerGat(int in, int hidden, int heads, int out, long seed) {
            first = child("conv1", GATConv.builder(in, hidden).heads(heads).seed(seed).build());
            second = child("conv2", GATConv.builder(hidden * heads, out).heads(1).seed(seed + 1).build());
        }

        Tensor forward(Graph graph, Tensor x) {
            return second.forward(graph, Activations.elu(first.forward(graph, x), 1.0));
        }
    }

    private final int nodes;
    private final int edges;
    private final int features;
    private final int hidden;
    private final int heads;
    private final int classes;
    private final long seed;

    public GatBench(int nodes, int edges, int features, int hidden, int heads, int classes, long seed) {
        this.nodes = nodes;
        this.edges = edges;
        this.features = features;
        this.hidden = hidden;
        this.heads = heads;
        this.classes = classes;
        this.seed = seed;
    }

    public StepResult run(int steps, int warmup, Path workDir, boolean withPeer)
            throws IOException, InterruptedException {
        Graph graph = RandomGraphs.of(nodes, edges).nodeFeatures(features).seed(seed).build();
        INDArray x = graph.nodeFeatures();
        int[] labels = new SplittableRandom(seed + 1).ints(nodes, 0, classes).toArray();
        TwoLayerGat model = new TwoLayerGat(features, hidden, heads, classes, seed);

        Path file = workDir.resolve("gat-bench.safetensors");
        if (withPeer) {
            Map<String, INDArray> tensors = new LinkedHashMap<>(model.stateDict());
            tensors.put("x", x);
            tensors.put("labels", Nd4j.createFromArray(labels));
            tensors.put("senders", Nd4j.createFromArray(graph.senders()));
            tensors.put("receivers", Nd4j.createFromArray(graph.receivers()));
            ModelFile.write(file, tensors, new JsonObject());
        }

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
        return StepResult.withPeer("gat_pytorch.py", file, workDir, Concurrency.level(), steps, warmup,
                GcnBench.median(times), losses, withPeer);
    }
}
