package org.erlangen.gnn.tasks;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.erlangen.gnn.aggr.DegreeScaler;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.GraphLoader;
import org.erlangen.io.FiniteCheck;
import org.erlangen.nn.FeatureScaling;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Losses;
import org.erlangen.train.Metrics;
import org.erlangen.train.Objective;
import org.erlangen.train.Trainer;
import org.erlangen.train.TrainingListener;
import org.erlangen.train.TrainingSettings;
import org.erlangen.train.TrainingWarning;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Graph-level prediction with mini-batches of graphs: graph layers, a readout and a head, trained by the
 * {@link Trainer}. For classification the graphs' targets are class indices (cross-entropy, validation accuracy and
 * cross-entropy); for regression they are real values (mean squared error, validation mean absolute error). Defaults: 100 epochs, Adam 0.01, no weight decay, no early stop ({@link #defaults()}). Continuous node
 * features are standardised inside the model with the statistics of every node of the training graphs
 * ({@link #scaleFeatures}, on by default; see {@link FeatureScaling}). After classification training,
 * {@link Trainer.Result#warnings()} says when the model predicts one class for every validation graph or does no
 * better than the training graphs' majority class.
 */
public final class GraphPredictor {
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
    private TrainingSettings training = defaults();
    private int batchSize = 64;
    private String readout = "sum";
    private String norm = "none";
    private boolean inputDropout = true;
    private String head = "mlp";
    private long seed;
    private boolean scaleFeatures = true;
    private GnnModel model;

    public GraphPredictor(Kind kind) {
        this.kind = kind;
    }

    /** 100 epochs, Adam 0.01, no weight decay, no early stop. */
    public static TrainingSettings defaults() {
        return TrainingSettings.builder().epochs(100).learningRate(0.01).build();
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

    /** The training settings. */
    public GraphPredictor training(TrainingSettings settings) {
        this.training = settings;
        return this;
    }

    /** Changes some training settings, for example {@code training(t -> t.epochs(300).patience(50))}. */
    public GraphPredictor training(UnaryOperator<TrainingSettings.Builder> change) {
        return training(change.apply(training.toBuilder()).build());
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

    public GraphPredictor seed(long value) {
        this.seed = value;
        return this;
    }

    /**
     * Whether the model standardises continuous node features with the statistics of the training graphs' nodes
     * (default true); see {@link FeatureScaling} for which columns count as continuous.
     */
    public GraphPredictor scaleFeatures(boolean on) {
        this.scaleFeatures = on;
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

    /** Trains on the graphs at {@code train}; keeps the parameters with the best score on {@code validation}. */
    public Trainer.Result fit(List<Graph> graphs, int[] train, int[] validation, TrainingListener listener) {
        int outputs = kind == Kind.CLASSIFICATION
                ? Arrays.stream(labels(graphs)).max().orElse(0) + 1
                : values(graphs)[0].length;
        Graph first = graphs.get(0);
        if (first.nodeFeatures() == null) {
            throw new IllegalArgumentException("graph classification needs node features");
        }
        for (int g = 0; g < graphs.size(); g++) {
            FiniteCheck.requireFinite(graphs.get(g).nodeFeatures(), "graph " + g + "'s node features");
        }
        DataType dtype = first.nodeFeatures().dataType();
        model = new GnnModel(new ModelConfig(layer, "graph", (int) first.nodeFeatureCount(), hidden, outputs, layers,
                dropout, readout, heads, DegreeScaler.delta(Arrays.stream(train).mapToObj(graphs::get).toList()))
                .with(norm, inputDropout).withHead(head).withFeatureScaling(scaleFeatures), seed, dtype);
        model.fitFeatureScaling(Arrays.stream(train).mapToObj(g -> graphs.get(g).nodeFeatures()).toList());
        GraphLoader loader = GraphLoader.over(graphs).indices(train).batchSize(batchSize).shuffle(seed).build();
        return new Trainer(training).listener(listener).fit(new Task(graphs, loader, train, validation));
    }

    /** Shuffled mini-batches of the training graphs; the validation graphs' score. */
    private final class Task implements Objective<GraphBatch> {
        private final List<Graph> graphs;
        private final GraphLoader loader;
        private final int[] train;
        private final int[] validation;

        Task(List<Graph> graphs, GraphLoader loader, int[] train, int[] validation) {
            this.graphs = graphs;
            this.loader = loader;
            this.train = train;
            this.validation = validation;
        }

        @Override
        public GnnModel module() {
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
            Tensor out = model.graphs(batch, Tensor.constant(batch.graph().nodeFeatures()));
            return kind == Kind.CLASSIFICATION
                    ? Losses.crossEntropy(out, targets(batch), null, null)
                    : Losses.mse(out, Tensor.constant(batch.graphTargets().castTo(out.dtype()).reshape(out.shape())));
        }

        @Override
        public int weight(GraphBatch batch) {
            return batch.size();
        }

        @Override
        public Map<String, Double> validate() {
            if (validation == null) {
                return Map.of();
            }
            INDArray out = predict(graphs, validation);
            if (kind == Kind.CLASSIFICATION) {
                int[] labels = NodeClassifier.select(labels(graphs), validation);
                return Map.of("val_acc", Metrics.accuracy(out, labels, null),
                        VALIDATION_LOSS, Metrics.crossEntropy(out, labels));
            }
            return Map.of("val_mae", Metrics.mae(out.castTo(DataType.DOUBLE),
                    Nd4j.createFromArray(select(values(graphs), validation))));
        }

        @Override
        public Monitor monitor() {
            return kind == Kind.CLASSIFICATION ? new Monitor("val_acc", true) : new Monitor("val_mae", false);
        }

        @Override
        public String inputs() {
            return model.featureScalingNote();
        }

        /** For classification: checked on the validation graphs, or on the training graphs when there are none. */
        @Override
        public List<TrainingWarning> warnings() {
            if (kind != Kind.CLASSIFICATION) {
                return List.of();
            }
            boolean validated = validation != null && validation.length > 0;
            int[] checked = validated ? validation : train;
            int[] labels = labels(graphs);
            return TrainingWarning.forClassifier(Metrics.argmax(predict(graphs, checked)),
                    NodeClassifier.select(labels, checked), NodeClassifier.select(labels, train),
                    validated ? "validation graphs" : "training graphs");
        }
    }

    /** Outputs (class scores, or predicted values) for the listed graphs, in that order, with dropout off. */
    public INDArray predict(List<Graph> graphs, int[] which) {
        model.eval();
        List<Graph> selected = Arrays.stream(which).mapToObj(graphs::get).toList();
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
