package org.erlangen.gnn.tasks;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.erlangen.gnn.aggr.DegreeScaler;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.LayerwiseInference;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.gnn.models.SampledBatch;
import org.erlangen.graph.Graph;
import org.erlangen.graph.sampling.NeighborLoader;
import org.erlangen.graph.sampling.NeighborSampler;
import org.erlangen.graph.sampling.NodeRows;
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
    private int[] fanouts;
    private int batchSize = 512;
    private int samplingWorkers = 1;
    private int inferenceChunk = LayerwiseInference.DEFAULT_CHUNK;
    private GnnModel model;
    /** The training graph's feature rows as the loader gathered them, reused by layer-wise predictions. */
    private NodeRows trainedRows;

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

    /**
     * Trains in mini-batches of sampled neighbourhoods instead of on the whole graph: at most {@code fanouts[h]}
     * in-neighbours per node at hop h + 1, listed from the seeds outward as PyG's {@code num_neighbors} (-1: all),
     * one hop per layer. Predictions then run layer-wise over full neighbourhoods ({@link LayerwiseInference}).
     * The training graph's feature rows, copied to the heap when they fit, stay with the classifier for its
     * predictions on that graph. Null (the default) trains full-batch.
     */
    public NodeClassifier fanouts(int... perHop) {
        this.fanouts = perHop == null ? null : perHop.clone();
        return this;
    }

    /** Training nodes per mini-batch when sampling (default 512). */
    public NodeClassifier batchSize(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + nodes);
        }
        this.batchSize = nodes;
        return this;
    }

    /** Threads that sample the next batches while one trains (default 1; 0 samples between steps). */
    public NodeClassifier samplingWorkers(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("sampling workers must be at least 0, got " + threads);
        }
        this.samplingWorkers = threads;
        return this;
    }

    /** Receivers per chunk of layer-wise inference (default {@value LayerwiseInference#DEFAULT_CHUNK}). */
    public NodeClassifier inferenceChunk(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("an inference chunk must hold at least 1 node, got " + nodes);
        }
        this.inferenceChunk = nodes;
        return this;
    }

    /** Whether this classifier trains on sampled mini-batches. */
    public boolean sampling() {
        return fanouts != null;
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
        if (fanouts != null) {
            checkFanouts();
        }
        int classes = IntStream.of(labels).max().orElse(-1) + 1;
        DataType dtype = graph.nodeFeatures().dataType();
        model = new GnnModel(new ModelConfig(layer, "node", (int) graph.nodeFeatureCount(), hidden, classes, layers,
                dropout, "sum", heads, DegreeScaler.delta(List.of(graph))).withFeatureScaling(scaleFeatures), seed,
                dtype);
        model.fitFeatureScaling(graph.nodeFeatures(), train);
        Objective<?> task = fanouts == null ? new Task(graph, labels, train, validation)
                : new SampledTask(graph, labels, train, validation);
        return new Trainer(training).listener(listener).fit(task);
    }

    private void checkFanouts() {
        if (fanouts.length != layers) {
            throw new IllegalArgumentException(fanouts.length + " fanouts for " + layers + " layers: give one per "
                    + "layer, from the seeds outward");
        }
    }

    /**
     * What both ways of training share: the graph, the labels, the training and validation nodes, and validation on
     * the predictions {@link #logits} gives (full-batch, or layer-wise when sampling): accuracy and cross-entropy.
     */
    private abstract class Classification<B> implements Objective<B> {
        final Graph graph;
        final int[] labels;
        final int[] train;
        final int[] trainLabels;
        final int[] validation;
        final int[] validationLabels;

        Classification(Graph graph, int[] labels, int[] train, int[] validation) {
            this.graph = graph;
            this.labels = labels;
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
    }

    /** Full-graph steps on the training nodes. */
    private final class Task extends Classification<int[]> {
        private final Tensor x;

        Task(Graph graph, int[] labels, int[] train, int[] validation) {
            super(graph, labels, train, validation);
            this.x = Tensor.constant(graph.nodeFeatures());
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

    /**
     * Mini-batch steps on sampled neighbourhoods of the training nodes, prepared ahead by a {@link NeighborLoader};
     * validation on layer-wise predictions, which are what the trained model gives afterwards.
     */
    private final class SampledTask extends Classification<SampledBatch> {
        private final NeighborLoader<SampledBatch> loader;

        SampledTask(Graph graph, int[] labels, int[] train, int[] validation) {
            super(graph, labels, train, validation);
            NodeRows features = NodeRows.of(graph.nodeFeatures()); // on the heap when it fits: rows gather faster
            trainedRows = features;
            this.loader = NeighborLoader.builder(NeighborSampler.uniform(graph.adjacency(), fanouts, false), train,
                    sub -> SampledBatch.of(sub, features, layer)).batchSize(batchSize).seed(seed)
                    .workers(samplingWorkers).whenDone(SampledBatch::release).build();
        }

        @Override
        public int batchesPerEpoch() {
            return loader.batchesPerEpoch();
        }

        @Override
        public Iterable<SampledBatch> batches(int epoch) {
            return loader.epoch(epoch);
        }

        @Override
        public Tensor loss(SampledBatch batch) {
            return Losses.crossEntropy(batch.outputs(model), select(labels, batch.seeds()), null, null);
        }

        @Override
        public int weight(SampledBatch batch) {
            return batch.seeds().length;
        }

        /**
         * On the validation nodes' layer-wise predictions; without validation nodes, on the sampled predictions of
         * at most {@value #WARNING_NODES} training nodes, so that a run without validation makes no pass over every
         * node only to check the model.
         */
        @Override
        public List<TrainingWarning> warnings() {
            if (validation != null && validation.length > 0) {
                int[] predicted = Metrics.argmax(select(logits(graph), validation));
                return TrainingWarning.forClassifier(predicted, validationLabels, trainLabels, "validation nodes");
            }
            int[] nodes = Arrays.copyOf(train, Math.min(train.length, WARNING_NODES));
            return TrainingWarning.forClassifier(sampledPredictions(nodes), select(labels, nodes), trainLabels,
                    "training nodes");
        }

        /** The predicted classes of {@code nodes} from their sampled neighbourhoods (epoch 0's draws). */
        private int[] sampledPredictions(int[] nodes) {
            int[] predicted = new int[nodes.length];
            for (int from = 0; from < nodes.length; from += batchSize) {
                int[] seeds = Arrays.copyOfRange(nodes, from, Math.min(nodes.length, from + batchSize));
                SampledBatch batch = loader.batch(seeds, 0);
                try (var noGrad = GradMode.noGrad(); var step = Workspace.step()) {
                    System.arraycopy(Metrics.argmax(batch.outputs(model).data()), 0, predicted, from, seeds.length);
                }
            }
            return predicted;
        }
    }

    /** Training nodes whose sampled predictions a run without validation nodes is checked on. */
    private static final int WARNING_NODES = 4096;

    /**
     * Class scores for every node, [nodes, classes], with dropout off: full-batch, or layer-wise
     * ({@link LayerwiseInference}) when the classifier samples.
     */
    public INDArray logits(Graph graph) {
        if (model == null) {
            throw new IllegalStateException("fit the classifier before predicting");
        }
        if (fanouts != null) {
            return layerwiseLogits(graph);
        }
        model.eval();
        try (var noGrad = GradMode.noGrad(); var ignored = Workspace.step()) {
            return Workspace.keep(model.nodes(graph, Tensor.constant(graph.nodeFeatures())).data());
        }
    }

    /** Class scores for every node computed a layer at a time over full neighbourhoods, in chunks of receivers. */
    public INDArray layerwiseLogits(Graph graph) {
        if (model == null) {
            throw new IllegalStateException("fit the classifier before predicting");
        }
        NodeRows rows = trainedRows != null && trainedRows.holds(graph.nodeFeatures()) ? trainedRows : null;
        return LayerwiseInference.outputs(model, graph, inferenceChunk, rows);
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
