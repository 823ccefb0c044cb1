package org.erlangen.gnn.tasks;

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
import org.nd4j.linalg.factory.Nd4j;

/**
 * Graph-level prediction with mini-batches of graphs: graph layers, a readout and a head, trained with Adam. For
 * classification the graphs' targets are class indices (cross-entropy, validation accuracy); for regression they are
 * real values (mean squared error, validation mean absolute error). The parameters of the epoch with the best
 * validation score are kept, with patience for early stopping.
 */
public final class GraphPredictor {
    /** Called after every epoch with the validation score (accuracy, or mean absolute error for regression). */
    @FunctionalInterface
    public interface EpochListener {
        void epoch(int epoch, double loss, double validationScore);
    }

    /** Best validation score and the epoch it was reached. */
    public record Fit(double validationScore, int bestEpoch) {
    }

    /** What is predicted per graph. */
    public enum Kind {
        CLASSIFICATION, REGRESSION
    }

    private final Kind kind;

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
    private String norm = "none";
    private boolean inputDropout = true;
    private String head = "mlp";
    private int lrStepEpochs;
    private double lrFactor = 0.5;
    private long seed;
    private GnnModel model;

    public GraphPredictor(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public GraphPredictor layer(String name) {
        this.layer = name;
        return this;
    }

    public GraphPredictor layers(int count) {
        this.layers = count;
        return this;
    }

    public GraphPredictor hidden(int units) {
        this.hidden = units;
        return this;
    }

    public GraphPredictor heads(int count) {
        this.heads = count;
        return this;
    }

    public GraphPredictor dropout(double p) {
        this.dropout = p;
        return this;
    }

    public GraphPredictor learningRate(double lr) {
        this.learningRate = lr;
        return this;
    }

    public GraphPredictor epochs(int count) {
        this.epochs = count;
        return this;
    }

    public GraphPredictor patience(int epochsWithoutImprovement) {
        this.patience = epochsWithoutImprovement;
        return this;
    }

    public GraphPredictor batchSize(int graphs) {
        this.batchSize = graphs;
        return this;
    }

    public GraphPredictor readout(String name) {
        this.readout = name;
        return this;
    }

    /** Normalisation inside layers that have an MLP (GIN): none or batch. */
    public GraphPredictor norm(String name) {
        this.norm = name;
        return this;
    }

    /** Whether dropout also applies to the input features. */
    public GraphPredictor inputDropout(boolean on) {
        this.inputDropout = on;
        return this;
    }

    /** The graph head: mlp (two layers on the last layer's readout) or jk (see {@link ModelConfig#head()}). */
    public GraphPredictor head(String name) {
        this.head = name;
        return this;
    }

    /**
     * Multiplies the learning rate by {@code factor} every {@code epochs} epochs (Xu et al.: 0.5 every 50); 0 epochs
     * keeps it constant.
     */
    public GraphPredictor lrDecay(int epochs, double factor) {
        if (epochs < 0 || !(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("learning-rate decay needs epochs >= 0 and a factor in (0, 1], got "
                    + epochs + " and " + factor);
        }
        this.lrStepEpochs = epochs;
        this.lrFactor = factor;
        return this;
    }

    public GraphPredictor seed(long value) {
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

    /** Regression targets of each graph (one or more values per graph), as rows. */
    public static double[][] values(List<Graph> graphs) {
        double[][] values = new double[graphs.size()][];
        for (int i = 0; i < values.length; i++) {
            INDArray t = graphs.get(i).graphTargets();
            if (t == null) {
                throw new IllegalArgumentException("graph " + i + " has no target value");
            }
            values[i] = t.castTo(DataType.DOUBLE).data().asDouble();
        }
        return values;
    }

    public Fit fit(List<Graph> graphs, int[] train, int[] validation, EpochListener listener) {
        int outputs = kind == Kind.CLASSIFICATION
                ? java.util.Arrays.stream(labels(graphs)).max().orElse(0) + 1
                : values(graphs)[0].length;
        Graph first = graphs.get(0);
        if (first.nodeFeatures() == null) {
            throw new IllegalArgumentException("graph classification needs node features");
        }
        DataType dtype = first.nodeFeatures().dataType();
        model = new GnnModel(new ModelConfig(layer, "graph", (int) first.nodeFeatureCount(), hidden, outputs, layers,
                dropout, readout, heads, org.erlangen.gnn.aggr.DegreeScaler.delta(
                        java.util.Arrays.stream(train).mapToObj(graphs::get).toList())).with(norm, inputDropout).withHead(head),
                seed, dtype);
        Adam adam = new Adam(model.parameters(), learningRate);
        GraphLoader loader = GraphLoader.over(graphs).indices(train).batchSize(batchSize).shuffle(seed).build();
        double best = Double.NaN;
        int bestEpoch = epochs;
        Map<String, INDArray> bestState = null;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            if (lrStepEpochs > 0) {
                adam.setLearningRate(learningRate * Math.pow(lrFactor, (epoch - 1) / lrStepEpochs));
            }
            model.train(true);
            double lossSum = 0;
            int seen = 0;
            for (GraphBatch batch : loader.epoch(epoch)) {
                try (var ignored = Workspace.step()) {
                    Tensor out = model.graphs(batch, Tensor.constant(batch.graph().nodeFeatures()));
                    Tensor loss = kind == Kind.CLASSIFICATION
                            ? Losses.crossEntropy(out, targets(batch), null, null)
                            : Losses.mse(out, Tensor.constant(batch.graphTargets().castTo(out.dtype())
                                    .reshape(out.shape())));
                    loss.backward();
                    adam.step();
                    model.zeroGrad();
                    lossSum += loss.item() * batch.size();
                    seen += batch.size();
                }
            }
            double score = validation == null ? Double.NaN : score(graphs, validation);
            boolean better = kind == Kind.CLASSIFICATION ? score > best : score < best;
            if (validation != null && (Double.isNaN(best) || better)) {
                best = score;
                bestEpoch = epoch;
                bestState = model.stateCopy();
            }
            listener.epoch(epoch, lossSum / seen, score);
            if (validation != null && epoch - bestEpoch >= patience) {
                break;
            }
        }
        if (bestState != null) {
            model.loadStateDict(bestState);
        }
        return new Fit(best, bestEpoch);
    }

    /** Outputs (class scores, or predicted values) for the listed graphs, in that order, with dropout off. */
    public INDArray predict(List<Graph> graphs, int[] which) {
        model.eval();
        List<Graph> selected = java.util.Arrays.stream(which).mapToObj(graphs::get).toList();
        GraphBatch batch = GraphBatch.of(selected);
        try (var noGrad = GradMode.noGrad(); var ignored = Workspace.step()) {
            return Workspace.keep(model.graphs(batch, Tensor.constant(batch.graph().nodeFeatures())).data());
        }
    }

    /** Accuracy (classification) or mean absolute error (regression) on the listed graphs. */
    public double score(List<Graph> graphs, int[] which) {
        INDArray out = predict(graphs, which);
        if (kind == Kind.CLASSIFICATION) {
            return Metrics.accuracy(out, NodeClassifier.select(labels(graphs), which), null);
        }
        return Metrics.mae(out.castTo(DataType.DOUBLE), Nd4j.createFromArray(select(values(graphs), which)));
    }

    /** Root mean squared error on the listed graphs (regression). */
    public double rmse(List<Graph> graphs, int[] which) {
        INDArray out = predict(graphs, which);
        return Metrics.rmse(out.castTo(DataType.DOUBLE), Nd4j.createFromArray(select(values(graphs), which)));
    }

    private static double[][] select(double[][] rows, int[] which) {
        double[][] out = new double[which.length][];
        for (int i = 0; i < which.length; i++) {
            out[i] = rows[which[i]];
        }
        return out;
    }

    private static int[] targets(GraphBatch batch) {
        INDArray t = batch.graphTargets();
        int[] out = new int[batch.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getInt(i, 0);
        }
        return out;
    }

}
