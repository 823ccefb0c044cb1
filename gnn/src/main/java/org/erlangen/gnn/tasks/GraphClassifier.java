package org.erlangen.gnn.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.GraphLoader;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Adam;
import org.erlangen.train.Losses;
import org.erlangen.train.Metrics;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Graph classification with mini-batches of graphs: graph layers, a readout and a head, trained with Adam and
 * cross-entropy; the parameters of the epoch with the best validation accuracy are kept (with patience for early
 * stopping). Labels are the graphs' targets (class index 0..C-1).
 */
public final class GraphClassifier {
    /** Called after every epoch. */
    @FunctionalInterface
    public interface EpochListener {
        void epoch(int epoch, double loss, double validationAccuracy);
    }

    public record Fit(double validationAccuracy, int bestEpoch) {
    }

    private String layer = "gcn";
    private int layers = 3;
    private int hidden = 64;
    private int heads = 1;
    private double dropout = 0.5;
    private double learningRate = 0.01;
    private int epochs = 100;
    private int patience = Integer.MAX_VALUE;
    private int batchSize = 64;
    private String readout = "sum";
    private long seed;
    private GnnModel model;

    public GraphClassifier layer(String name) {
        this.layer = name;
        return this;
    }

    public GraphClassifier layers(int count) {
        this.layers = count;
        return this;
    }

    public GraphClassifier hidden(int units) {
        this.hidden = units;
        return this;
    }

    public GraphClassifier heads(int count) {
        this.heads = count;
        return this;
    }

    public GraphClassifier dropout(double p) {
        this.dropout = p;
        return this;
    }

    public GraphClassifier learningRate(double lr) {
        this.learningRate = lr;
        return this;
    }

    public GraphClassifier epochs(int count) {
        this.epochs = count;
        return this;
    }

    public GraphClassifier patience(int epochsWithoutImprovement) {
        this.patience = epochsWithoutImprovement;
        return this;
    }

    public GraphClassifier batchSize(int graphs) {
        this.batchSize = graphs;
        return this;
    }

    public GraphClassifier readout(String name) {
        this.readout = name;
        return this;
    }

    public GraphClassifier seed(long value) {
        this.seed = value;
        return this;
    }

    public GnnModel model() {
        return model;
    }

    /** The class of each graph from its graph target. */
    public static int[] labels(List<Graph> graphs) {
        int[] labels = new int[graphs.size()];
        for (int i = 0; i < labels.length; i++) {
            INDArray t = graphs.get(i).graphTargets();
            if (t == null) {
                throw new IllegalArgumentException("graph " + i + " has no target (class label)");
            }
            labels[i] = t.getInt(0);
        }
        return labels;
    }

    public Fit fit(List<Graph> graphs, int[] train, int[] validation, EpochListener listener) {
        int[] labels = labels(graphs);
        int classes = java.util.Arrays.stream(labels).max().orElse(0) + 1;
        Graph first = graphs.get(0);
        if (first.nodeFeatures() == null) {
            throw new IllegalArgumentException("graph classification needs node features");
        }
        DataType dtype = first.nodeFeatures().dataType();
        model = new GnnModel(new ModelConfig(layer, "graph", (int) first.nodeFeatureCount(), hidden, classes, layers,
                dropout, readout, heads), seed, dtype);
        Adam adam = new Adam(model.parameters(), learningRate);
        GraphLoader loader = GraphLoader.over(graphs).indices(train).batchSize(batchSize).shuffle(seed).build();
        double best = Double.NaN;
        int bestEpoch = epochs;
        Map<String, INDArray> bestState = null;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            model.train(true);
            double lossSum = 0;
            int seen = 0;
            for (GraphBatch batch : loader.epoch(epoch)) {
                int[] batchLabels = targets(batch);
                try (var ignored = Workspace.step()) {
                    Tensor logits = model.graphs(batch, Tensor.constant(batch.graph().nodeFeatures()));
                    Tensor loss = Losses.crossEntropy(logits, batchLabels, null, null);
                    loss.backward();
                    adam.step();
                    model.zeroGrad();
                    lossSum += loss.item() * batch.size();
                    seen += batch.size();
                }
            }
            double accuracy = validation == null ? Double.NaN : accuracy(graphs, validation);
            if (validation != null && (Double.isNaN(best) || accuracy > best)) {
                best = accuracy;
                bestEpoch = epoch;
                bestState = snapshot();
            }
            listener.epoch(epoch, lossSum / seen, accuracy);
            if (validation != null && epoch - bestEpoch >= patience) {
                break;
            }
        }
        if (bestState != null) {
            model.loadStateDict(bestState);
        }
        return new Fit(best, bestEpoch);
    }

    /** Class scores for the listed graphs, in that order, with dropout off. */
    public INDArray logits(List<Graph> graphs, int[] which) {
        model.eval();
        List<Graph> selected = java.util.Arrays.stream(which).mapToObj(graphs::get).toList();
        GraphBatch batch = GraphBatch.of(selected);
        try (var noGrad = GradMode.noGrad(); var ignored = Workspace.step()) {
            return Workspace.keep(model.graphs(batch, Tensor.constant(batch.graph().nodeFeatures())).data());
        }
    }

    public double accuracy(List<Graph> graphs, int[] which) {
        return Metrics.accuracy(logits(graphs, which), NodeClassifier.select(labels(graphs), which), null);
    }

    private static int[] targets(GraphBatch batch) {
        INDArray t = batch.graphTargets();
        int[] out = new int[batch.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getInt(i, 0);
        }
        return out;
    }

    private Map<String, INDArray> snapshot() {
        Map<String, INDArray> copy = new LinkedHashMap<>();
        model.stateDict().forEach((name, value) -> copy.put(name, value.dup()));
        return copy;
    }
}
