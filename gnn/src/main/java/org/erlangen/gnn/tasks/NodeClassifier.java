package org.erlangen.gnn.tasks;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.erlangen.gnn.aggr.DegreeScaler;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.graph.Graph;
import org.erlangen.io.FiniteCheck;
import org.erlangen.nn.FeatureScaling;
import org.erlangen.sparse.Sparse;
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
 * Semi-supervised node classification, trained full-graph on the labelled nodes by the {@link Trainer}. Defaults
 * are Kipf and Welling's: a two-layer GCN, 16 hidden units, dropout 0.5, Adam 0.01, weight decay 5e-4, 200 epochs
 * ({@link #defaults()}); their decay was on the first layer only ({@link GnnModel#FIRST_LAYER}), ours is on every
 * parameter, as PyTorch's {@code weight_decay} is (Cora over ten seeds: 0.8199 against 0.8154). When validation nodes are given, the parameters of the epoch with the best
 * validation accuracy are kept. The graph must carry node features (and the self loops its layer expects); labels
 * are node targets, negative for unlabelled nodes. Continuous features are standardised inside the model with the
 * training nodes' statistics ({@link #scaleFeatures}, on by default; see {@link FeatureScaling}). After training,
 * {@link Trainer.Result#warnings()} says when the model predicts one class for every validation node or does no
 * better than the training nodes' majority class.
 */
public final class NodeClassifier {
    private String layer = "gcn";
    private int layers = 2;
    private int hidden = 16;
    private int heads = 1;
    private double dropout = 0.5;
    private TrainingSettings training = defaults();
    private long seed;
    private boolean scaleFeatures = true;
    private GnnModel model;

    /** 200 epochs, Adam 0.01, weight decay 5e-4 on every parameter, no early stop. */
    public static TrainingSettings defaults() {
        return TrainingSettings.builder().epochs(200).learningRate(0.01).weightDecay(5e-4).build();
    }

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

    /** The training settings. */
    public NodeClassifier training(TrainingSettings settings) {
        this.training = settings;
        return this;
    }

    /** Changes some training settings, for example {@code training(t -> t.epochs(100))}. */
    public NodeClassifier training(UnaryOperator<TrainingSettings.Builder> change) {
        return training(change.apply(training.toBuilder()).build());
    }

    public NodeClassifier seed(long value) {
        this.seed = value;
        return this;
    }

    /**
     * Whether the model standardises continuous features with the training nodes' statistics (default true); see
     * {@link FeatureScaling} for which columns count as continuous.
     */
    public NodeClassifier scaleFeatures(boolean on) {
        this.scaleFeatures = on;
        return this;
    }

    /** The trained model (for saving), or null before {@link #fit}. */
    public GnnModel model() {
        return model;
    }

    /** Trains on every labelled node. */
    public Trainer.Result fit(Graph graph) {
        int[] labels = labels(graph);
        return fit(graph, IntStream.range(0, labels.length).filter(v -> labels[v] >= 0).toArray(), null,
                epoch -> { });
    }

    /** Trains on {@code train}; keeps the parameters with the best accuracy on {@code validation} if given. */
    public Trainer.Result fit(Graph graph, int[] train, int[] validation, TrainingListener listener) {
        if (graph.nodeFeatures() == null) {
            throw new IllegalArgumentException("node classification needs node features");
        }
        FiniteCheck.requireFinite(graph.nodeFeatures(), "the node features");
        int[] labels = labels(graph);
        for (int node : train) {
            if (labels[node] < 0) {
                throw new IllegalArgumentException("training node " + node + " has no label");
            }
        }
        int classes = IntStream.of(labels).max().orElse(-1) + 1;
        DataType dtype = graph.nodeFeatures().dataType();
        model = new GnnModel(new ModelConfig(layer, "node", (int) graph.nodeFeatureCount(), hidden, classes, layers,
                dropout, "sum", heads, DegreeScaler.delta(List.of(graph))).withFeatureScaling(scaleFeatures), seed,
                dtype);
        model.fitFeatureScaling(List.of(select(graph.nodeFeatures(), train)));
        return new Trainer(training).listener(listener).fit(new Task(graph, labels, train, validation));
    }

    /** Full-graph steps on the training nodes; accuracy and cross-entropy on the validation nodes. */
    private final class Task implements Objective<int[]> {
        private final Graph graph;
        private final Tensor x;
        private final int[] train;
        private final int[] trainLabels;
        private final int[] validation;
        private final int[] validationLabels;

        Task(Graph graph, int[] labels, int[] train, int[] validation) {
            this.graph = graph;
            this.x = Tensor.constant(graph.nodeFeatures());
            this.train = train;
            this.trainLabels = select(labels, train);
            this.validation = validation;
            this.validationLabels = validation == null ? null : select(labels, validation);
        }

        @Override
        public GnnModel module() {
            return model;
        }

        @Override
        public int batchesPerEpoch() {
            return 1;
        }

        @Override
        public Iterable<int[]> batches(int epoch) {
            return List.of(train);
        }

        @Override
        public Tensor loss(int[] nodes) {
            Tensor logits = Sparse.indexSelect(model.nodes(graph, x), nodes);
            return Losses.crossEntropy(logits, trainLabels, null, null);
        }

        @Override
        public Map<String, Double> validate() {
            if (validation == null) {
                return Map.of();
            }
            INDArray scores = select(logits(graph), validation);
            return Map.of("val_acc", Metrics.accuracy(scores, validationLabels, null),
                    VALIDATION_LOSS, Metrics.crossEntropy(scores, validationLabels));
        }

        @Override
        public Monitor monitor() {
            return new Monitor("val_acc", true);
        }

        @Override
        public String inputs() {
            return model.featureScalingNote();
        }

        /** Checked on the validation nodes, or on the training nodes when there are none. */
        @Override
        public List<TrainingWarning> warnings() {
            boolean validated = validation != null && validation.length > 0;
            int[] nodes = validated ? validation : train;
            int[] predicted = Metrics.argmax(select(logits(graph), nodes));
            return TrainingWarning.forClassifier(predicted, validated ? validationLabels : trainLabels, trainLabels,
                    validated ? "validation nodes" : "training nodes");
        }
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
