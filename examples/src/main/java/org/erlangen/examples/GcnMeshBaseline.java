package org.erlangen.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.erlangen.gnn.conv.GCNConv;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.GraphLoader;
import org.erlangen.mesh.MeshGraphs;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.nn.Linear;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Losses;
import org.erlangen.train.Metrics;
import org.erlangen.train.Objective;
import org.erlangen.train.Trainer;
import org.erlangen.train.TrainingListener;
import org.erlangen.train.TrainingSettings;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The isotropic baseline for mesh classification: a stack of GCN layers (Kipf and Welling) on the raw vertex
 * coordinates of the mesh graph, a mean over the vertices and a linear head. It sees neither directions nor
 * curvature, and its input changes when a mesh is rotated.
 */
public final class GcnMeshBaseline {
    static final class Model extends Module {
        private final List<GCNConv> convs;
        private final Linear head;

        Model(int layers, int hidden, int classes, long seed) {
            Random random = new Random(seed);
            convs = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                convs.add(child("conv" + l, new GCNConv(l == 0 ? 3 : hidden, hidden, random)));
            }
            head = child("head", new Linear(hidden, classes, true, random));
        }

        Tensor forward(GraphBatch batch) {
            Graph g = batch.graph();
            Tensor h = Tensor.constant(g.nodeFeatures());
            for (GCNConv conv : convs) {
                h = Activations.relu(conv.forward(g, h));
            }
            return head.forward(Sparse.segmentMean(h, batch.nodesPerGraph()));
        }
    }

    private final Model model;

    private GcnMeshBaseline(Model model) {
        this.model = model;
    }

    /** The mesh graph with xyz vertex features and self loops, float32. */
    public static Graph graph(TriangleMesh mesh, int label) {
        Graph g = MeshGraphs.build(mesh, MeshGraphs.Options.defaults().with(MeshGraphs.NodeFeatures.XYZ)).graph();
        return g.toBuilder().edgeFeatures(null).graphTargets(Nd4j.createFromArray(new float[] {label}))
                .build().withSelfLoops();
    }

    /**
     * Trains with the {@link Trainer}, keeping the parameters of the epoch with the best validation accuracy (the
     * last epoch's without validation meshes).
     */
    public static GcnMeshBaseline train(List<TriangleMesh> meshes, int[] labels, List<TriangleMesh> validation,
            int[] validationLabels, int classes, int layers, int hidden, TrainingSettings training, int batchSize,
            long seed, TrainingListener listener) {
        List<Graph> graphs = graphs(meshes, labels);
        List<Graph> val = graphs(validation, validationLabels);
        Model model = new Model(layers, hidden, classes, seed);
        GraphLoader loader = GraphLoader.over(graphs).batchSize(batchSize).shuffle(seed).build();
        GcnMeshBaseline baseline = new GcnMeshBaseline(model);
        new Trainer(training).listener(listener).fit(new Objective<GraphBatch>() {
            @Override
            public Model module() {
                return model;
            }

            @Override
            public int batchesPerEpoch() {
                return loader.batchesPerEpoch();
            }

            @Override
            public Iterable<GraphBatch> batches(int epoch) {
                return loader.epoch(epoch);
            }

            @Override
            public Tensor loss(GraphBatch batch) {
                return Losses.crossEntropy(model.forward(batch), targets(batch));
            }

            @Override
            public int weight(GraphBatch batch) {
                return batch.size();
            }

            @Override
            public Map<String, Double> validate() {
                return val.isEmpty() ? Map.of() : Map.of("val_acc", baseline.accuracyOf(val, validationLabels));
            }

            @Override
            public Monitor monitor() {
                return new Monitor("val_acc", true);
            }
        });
        return baseline;
    }

    private static List<Graph> graphs(List<TriangleMesh> meshes, int[] labels) {
        Graph[] out = new Graph[meshes.size()];
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = graph(meshes.get(i),
                labels[i]));
        return Arrays.asList(out);
    }

    private static int[] targets(GraphBatch batch) {
        INDArray t = batch.graphTargets();
        int[] y = new int[batch.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = t.getInt(i, 0);
        }
        return y;
    }

    public double accuracy(List<TriangleMesh> meshes, int[] labels) {
        return accuracyOf(graphs(meshes, labels), labels);
    }

    private double accuracyOf(List<Graph> graphs, int[] labels) {
        if (graphs.isEmpty()) {
            return Double.NaN;
        }
        int right = 0;
        for (int from = 0; from < graphs.size(); from += 64) {
            GraphBatch batch = GraphBatch.of(graphs.subList(from, Math.min(graphs.size(), from + 64)));
            try (var noGrad = GradMode.noGrad(); var ws = Workspace.step()) {
                int[] predicted = Metrics.argmax(model.forward(batch).data());
                for (int i = 0; i < predicted.length; i++) {
                    right += predicted[i] == labels[from + i] ? 1 : 0;
                }
            }
        }
        return (double) right / graphs.size();
    }
}
