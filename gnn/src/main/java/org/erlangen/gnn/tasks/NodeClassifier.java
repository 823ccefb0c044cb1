package org.erlangen.gnn.tasks;

import java.util.Map;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.graph.Graph;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Reductions;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Adam;
import org.erlangen.train.Losses;
import org.erlangen.train.Metrics;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Semi-supervised node classification, trained full-graph on the labelled nodes. Defaults are Kipf and Welling's:
 * a two-layer GCN, 16 hidden units, dropout 0.5, Adam 0.01, L2 5e-4 on the first layer, 200 epochs. When validation
 * nodes are given, the parameters of the epoch with the best validation accuracy are kept. The graph must carry node
 * features (and the self loops its layer expects); labels are node targets, negative for unlabelled nodes.
 */
public final class NodeClassifier {
    /** Called after every epoch; validation accuracy is NaN without validation nodes. */
    @FunctionalInterface
    public interface EpochListener {
        void epoch(int epoch, double loss, double validationAccuracy);
    }

    /** Best validation accuracy (NaN without validation nodes) and the epoch it was reached. */
    public record Fit(double validationAccuracy, int bestEpoch) {
    }

    private String layer = "gcn";
    private int layers = 2;
    private int hidden = 16;
    private int heads = 1;
    private double dropout = 0.5;
    private double learningRate = 0.01;
    private double weightDecay = 5e-4;
    private int epochs = 200;
    private int patience = Integer.MAX_VALUE;
    private long seed;
    private GnnModel model;

    public NodeClassifier layer(String name) {
        this.layer = name;
        return this;
    }

    public NodeClassifier layers(int count) {
        this.layers = count;
        return this;
    }

    public NodeClassifier hidden(int units) {
        this.hidden = units;
        return this;
    }

    public NodeClassifier heads(int count) {
        this.heads = count;
        return this;
    }

    public NodeClassifier dropout(double p) {
        this.dropout = p;
        return this;
    }

    public NodeClassifier learningRate(double lr) {
        this.learningRate = lr;
        return this;
    }

    public NodeClassifier weightDecay(double l2) {
        this.weightDecay = l2;
        return this;
    }

    public NodeClassifier epochs(int count) {
        this.epochs = count;
        return this;
    }

    /** Stops when validation accuracy has not improved for this many epochs. */
    public NodeClassifier patience(int epochsWithoutImprovement) {
        this.patience = epochsWithoutImprovement;
        return this;
    }

    public NodeClassifier seed(long value) {
        this.seed = value;
        return this;
    }

    /** The trained model (for saving), or null before {@link #fit}. */
    public GnnModel model() {
        return model;
    }

    /** Trains on every labelled node. */
    public Fit fit(Graph graph) {
        return fit(graph, labelledNodes(labels(graph)), null, (e, l, v) -> { });
    }

    /** Trains on {@code train}; keeps the parameters with the best accuracy on {@code validation} if given. */
    public Fit fit(Graph graph, int[] train, int[] validation, EpochListener listener) {
        if (graph.nodeFeatures() == null) {
            throw new IllegalArgumentException("node classification needs node features");
        }
        int[] labels = labels(graph);
        int classes = 0;
        for (int node : train) {
            if (labels[node] < 0) {
                throw new IllegalArgumentException("training node " + node + " has no label");
            }
        }
        for (int label : labels) {
            classes = Math.max(classes, label + 1);
        }
        DataType dtype = graph.nodeFeatures().dataType();
        model = new GnnModel(new ModelConfig(layer, "node", (int) graph.nodeFeatureCount(), hidden, classes, layers,
                dropout, "sum", heads, org.erlangen.gnn.aggr.DegreeScaler.delta(java.util.List.of(graph))), seed, dtype);
        Adam adam = new Adam(model.parameters(), learningRate);
        // L2 on the first layer only, as Kipf and Welling (and PyTorch Geometric's example) do
        var decayed = model.namedParameters().entrySet().stream().filter(e -> e.getKey().startsWith("conv0."))
                .map(Map.Entry::getValue).toList();
        Tensor x = Tensor.constant(graph.nodeFeatures());
        int[] trainLabels = select(labels, train);
        double best = Double.NaN;
        int bestEpoch = epochs;
        Map<String, INDArray> bestState = null;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            model.train(true);
            double loss;
            try (var ignored = Workspace.step()) {
                Tensor logits = org.erlangen.sparse.Sparse.indexSelect(model.nodes(graph, x), train);
                Tensor objective = Losses.crossEntropy(logits, trainLabels, null, null);
                for (Tensor p : decayed) {
                    objective = Ops.add(objective, Ops.mul(Reductions.sum(Ops.mul(p, p)), weightDecay / 2));
                }
                objective.backward();
                adam.step();
                model.zeroGrad();
                loss = objective.item();
            }
            double accuracy = Double.NaN;
            if (validation != null) {
                accuracy = Metrics.accuracy(select(logits(graph), validation), select(labels, validation), null);
                if (Double.isNaN(best) || accuracy > best) {
                    best = accuracy;
                    bestEpoch = epoch;
                    bestState = model.stateCopy();
                }
            }
            listener.epoch(epoch, loss, accuracy);
            if (validation != null && epoch - bestEpoch >= patience) {
                break;
            }
        }
        if (bestState != null) {
            model.loadStateDict(bestState);
        }
        return new Fit(best, bestEpoch);
    }

    /** Class scores for every node, [nodes, classes], with dropout off. */
    public INDArray logits(Graph graph) {
        if (model == null) {
            throw new IllegalStateException("fit the classifier before predicting");
        }
        model.eval();
        try (var noGrad = GradMode.noGrad(); var ignored = Workspace.step()) {
            return Workspace.keep(model.nodes(graph, Tensor.constant(graph.nodeFeatures())).data());
        }
    }

    /** The predicted class of every node. */
    public int[] predict(Graph graph) {
        return Metrics.argmax(logits(graph));
    }

    /** Accuracy on {@code nodes} against the graph's labels. */
    public double accuracy(Graph graph, int[] nodes) {
        return Metrics.accuracy(select(logits(graph), nodes), select(labels(graph), nodes), null);
    }


    static int[] labels(Graph graph) {
        INDArray targets = graph.nodeTargets();
        if (targets == null) {
            throw new IllegalArgumentException("node classification needs node targets (labels, negative = none)");
        }
        int[] labels = new int[graph.numNodes()];
        for (int v = 0; v < labels.length; v++) {
            double t = targets.getDouble(v);
            labels[v] = Double.isNaN(t) ? -1 : (int) t;
        }
        return labels;
    }

    private static int[] labelledNodes(int[] labels) {
        return java.util.stream.IntStream.range(0, labels.length).filter(v -> labels[v] >= 0).toArray();
    }

    static INDArray select(INDArray rows, int[] index) {
        return Nd4j.pullRows(rows, 1, index);
    }

    static int[] select(int[] values, int[] index) {
        int[] out = new int[index.length];
        for (int i = 0; i < index.length; i++) {
            out[i] = values[index[i]];
        }
        return out;
    }
}
