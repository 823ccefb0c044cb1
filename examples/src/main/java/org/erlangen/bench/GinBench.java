package org.erlangen.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.erlangen.gnn.conv.GINConv;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.io.ModelFile;
import org.erlangen.io.TuDataset;
import org.erlangen.kernels.Concurrency;
import org.erlangen.nn.Linear;
import org.erlangen.nn.MLP;
import org.erlangen.nn.Module;
import org.erlangen.nn.ModuleList;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Adam;
import org.erlangen.train.Losses;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step (forward, backward, Adam) of a GIN graph classifier on one fixed batch of small graphs: GINConv
 * layers with two-layer MLPs (eps = 0) and a ReLU after each, a sum readout per graph and a linear head; timed here
 * and, from the same batch and initial weights, in plain PyTorch with index_add_ (the peer {@code gin_pytorch.py}).
 */
public final class GinBench {
    /** Small enough that the sum readout's large early logits do not make the loss jump chaotically, which would
     * amplify rounding differences between the two sides beyond the 1e-3 loss check. */
    static final double LEARNING_RATE = 1e-3;

    /** A batch of graphs with one class per graph. */
    public record Batch(String source, GraphBatch graphs, int[] labels, int classes) {
    }

    /** GIN layers {@code in -> hidden -> ... -> hidden}, sum readout, linear head. */
    static final class GinClassifier extends Module {
        final ModuleList<GINConv> convs;
        final Linear head;

        GinClassifier(int in, int hidden, int layers, int classes, long seed) {
            convs = child("convs", new ModuleList<>());
            for (int i = 0; i < layers; i++) {
                // the ReLU after each layer is the MLP's last activation, fused into its last product
                convs.add(new GINConv(MLP.builder(i == 0 ? in : hidden, hidden, hidden).activateLast(true)
                        .seed(seed + i).build()));
            }
            head = child("head", new Linear(hidden, classes, true, new SplittableRandom(seed + layers)));
        }

        Tensor forward(GraphBatch batch, Tensor x) {
            Tensor h = x;
            for (int i = 0; i < convs.size(); i++) {
                h = convs.get(i).forward(batch.graph(), h);
            }
            return head.forward(Sparse.segmentSum(h, batch.nodesPerGraph()));
        }
    }

    /** {@code size} graphs of a TUDataset drawn without replacement (its files are often sorted by class). */
    public static Batch of(TuDataset data, int size, long seed) {
        int n = Math.min(size, data.graphs().size());
        int[] order = IntStream.range(0, data.graphs().size()).toArray();
        var random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<Graph> graphs = new ArrayList<>(n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            graphs.add(data.graphs().get(order[i]));
            labels[i] = data.classOf(order[i]);
        }
        return new Batch(data.name(), GraphBatch.of(graphs), labels, data.numClasses());
    }

    /** Random symmetric graphs of 20 to 40 nodes with about two edges per node, random features and classes. */
    public static Batch random(int size, int features, int classes, long seed) {
        var random = new SplittableRandom(seed);
        List<Graph> graphs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int n = 20 + random.nextInt(21);
            graphs.add(RandomGraphs.of(n, 4 * n).symmetric(true).nodeFeatures(features).seed(random.nextLong())
                    .build());
        }
        return new Batch("random", GraphBatch.of(graphs), random.ints(size, 0, classes).toArray(), classes);
    }

    private final Batch batch;
    private final int hidden;
    private final int layers;
    private final long seed;

    public GinBench(Batch batch, int hidden, int layers, long seed) {
        this.batch = batch;
        this.hidden = hidden;
        this.layers = layers;
        this.seed = seed;
    }

    public StepResult run(int steps, int warmup, Path workDir, boolean withPeer)
            throws IOException, InterruptedException {
        Graph graph = batch.graphs().graph();
        INDArray x = graph.nodeFeatures();
        int[] labels = batch.labels();
        GinClassifier model = new GinClassifier((int) x.size(1), hidden, layers, batch.classes(), seed);

        Path file = workDir.resolve("gin-bench.safetensors");
        if (withPeer) {
            Map<String, INDArray> tensors = new LinkedHashMap<>(model.stateDict());
            tensors.put("x", x);
            tensors.put("labels", Nd4j.createFromArray(labels));
            tensors.put("senders", Nd4j.createFromArray(graph.senders()));
            tensors.put("receivers", Nd4j.createFromArray(graph.receivers()));
            tensors.put("graph_of_node", Nd4j.createFromArray(batch.graphs().nodeToGraph()));
            ModelFile.write(file, tensors, new JsonObject());
        }

        double[] losses = new double[warmup + steps];
        double[] times = new double[steps];
        Adam adam = new Adam(model.parameters(), LEARNING_RATE);
        Tensor input = Tensor.constant(x);
        for (int step = 0; step < warmup + steps; step++) {
            long start = System.nanoTime();
            try (var ignored = Workspace.step()) {
                Tensor loss = Losses.crossEntropy(model.forward(batch.graphs(), input), labels, null, null);
                loss.backward();
                adam.step();
                model.zeroGrad();
                losses[step] = loss.item();
            }
            if (step >= warmup) {
                times[step - warmup] = (System.nanoTime() - start) / 1e6;
            }
        }
        return StepResult.withPeer("gin_pytorch.py", file, workDir, Concurrency.level(), steps, warmup,
                GcnBench.median(times), losses, withPeer);
    }
}
