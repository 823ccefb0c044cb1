package org.erlangen.gnn.tasks;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.erlangen.gnn.aggr.DegreeScaler;
import org.erlangen.gnn.links.DotProduct;
import org.erlangen.gnn.links.LinkMetrics;
import org.erlangen.gnn.links.LinkModel;
import org.erlangen.gnn.links.NegativeSampler;
import org.erlangen.gnn.links.PairPattern;
import org.erlangen.gnn.links.Pairs;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.Layers;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.graph.Graph;
import org.erlangen.graph.Shuffle;
import org.erlangen.io.FiniteCheck;
import org.erlangen.kernels.Buffers;
import org.erlangen.nn.FeatureScaling;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Objective;
import org.erlangen.train.Trainer;
import org.erlangen.train.TrainingListener;
import org.erlangen.train.TrainingSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Link prediction as in PyTorch Geometric's examples: the graph's edges (as undirected pairs) are split 85/5/10 into
 * training, validation and test edges; a graph model computes node embeddings by message passing over the training
 * edges only; a pair's score is the dot product of its two embeddings (in training plus a learned bias,
 * {@link org.erlangen.gnn.links.LinkLogits}); training uses binary cross-entropy against as
 * many negative pairs, sampled afresh each epoch; validation and test use fixed negative samples and ROC-AUC. Nodes
 * without features get one-hot identity features (up to 10,000 nodes) or degree features. Trained by the
 * {@link Trainer}; defaults: 100 epochs, Adam 0.01, no weight decay, no early stop ({@link #defaults()}).
 * Continuous node features of the graph are standardised inside the model with the statistics of every node, whose
 * features are all seen in training ({@link #scaleFeatures}, on by default; see {@link FeatureScaling}); the identity
 * and degree features made for a graph without features are left as they are.
 */
public final class LinkPredictor {
    /**
     * The training run (validation ROC-AUC as {@code val_auc}), and the test ROC-AUC and average precision of the kept
     * parameters.
     */
    public record Fit(Trainer.Result training, double testAuc, double testAveragePrecision) {
    }

    private static final int IDENTITY_FEATURES_UP_TO = 10_000;

    private String layer = "gcn";
    private int layers = 2;
    private int hidden = 64;
    private int heads = 1;
    private double dropout = 0.0;
    private TrainingSettings training = defaults();
    private long seed;
    private boolean scaleFeatures = true;
    private GnnModel model;

    /** 100 epochs, Adam 0.01, no weight decay, no early stop. */
    public static TrainingSettings defaults() {
        return TrainingSettings.builder().epochs(100).learningRate(0.01).build();
    }

    public LinkPredictor layer(String name) {
        this.layer = name;
        return this;
    }

    public LinkPredictor layers(int count) {
        this.layers = count;
        return this;
    }

    public LinkPredictor hidden(int units) {
        this.hidden = units;
        return this;
    }

    public LinkPredictor heads(int count) {
        this.heads = count;
        return this;
    }

    public LinkPredictor dropout(double p) {
        this.dropout = p;
        return this;
    }

    /** The training settings. */
    public LinkPredictor training(TrainingSettings settings) {
        this.training = settings;
        return this;
    }

    /** Changes some training settings, for example {@code training(t -> t.epochs(40))}. */
    public LinkPredictor training(UnaryOperator<TrainingSettings.Builder> change) {
        return training(change.apply(training.toBuilder()).build());
    }

    public LinkPredictor seed(long value) {
        this.seed = value;
        return this;
    }

    /**
     * Whether the model standardises continuous node features with the statistics of all nodes (default true); see
     * {@link FeatureScaling} for which columns count as continuous.
     */
    public LinkPredictor scaleFeatures(boolean on) {
        this.scaleFeatures = on;
        return this;
    }

    public GnnModel model() {
        return model;
    }

    public Fit fit(Graph graph, TrainingListener listener) {
        int n = graph.numNodes();
        long[] pairs = undirectedPairs(graph);
        if (pairs.length < 20) {
            throw new IllegalArgumentException("link prediction needs at least 20 edges, the graph has " + pairs.length);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Shuffle.inPlace(pairs, random);
        int testCount = Math.max(1, pairs.length / 10);
        int valCount = Math.max(1, pairs.length / 20);
        long[] test = Arrays.copyOfRange(pairs, 0, testCount);
        long[] val = Arrays.copyOfRange(pairs, testCount, testCount + valCount);
        long[] train = Arrays.copyOfRange(pairs, testCount + valCount, pairs.length);
        int[] everyNode = IntStream.range(0, n).toArray();
        NegativeSampler negatives = new NegativeSampler(everyNode, everyNode, Pairs.sortedKeys(pairs, true), true);
        long[] valNegatives = negatives.sample(val.length, random);
        long[] testNegatives = negatives.sample(test.length, random);

        Graph messages = trainingGraph(graph, train);
        FiniteCheck.requireFinite(messages.nodeFeatures(), "the node features");
        Tensor x = Tensor.constant(messages.nodeFeatures());
        DataType dtype = messages.nodeFeatures().dataType();
        boolean scaled = scaleFeatures && graph.nodeFeatures() != null;
        model = new GnnModel(new ModelConfig(layer, "node", (int) messages.nodeFeatureCount(), hidden, hidden, layers,
                dropout, "sum", heads, DegreeScaler.delta(List.of(messages))).withFeatureScaling(scaled), seed, dtype);
        model.fitFeatureScaling(List.of(messages.nodeFeatures()));
        // the same features every epoch: scaled once
        Tensor inputs = model.inputs(x);
        GnnModel.FixedInputs fixed = model.fixedInputs(messages, inputs);
        LinkModel link = new LinkModel(model, dtype);
        PairPattern trainLinks = PairPattern.of(train, n);
        PairPattern valLinks = PairPattern.of(val, n);
        PairPattern valNonLinks = PairPattern.of(valNegatives, n);
        Objective<PairPattern> task = new Objective<>() {
            /** The embeddings of the last step's forward. */
            private Tensor embedded;

            @Override
            public LinkModel module() {
                return link;
            }

            @Override
            public int batchesPerEpoch() {
                return 1;
            }

            /** Fresh negative pairs every epoch, as many as the training pairs. */
            @Override
            public Iterable<PairPattern> batches(int epoch) {
                return List.of(PairPattern.of(negatives.sample(train.length, random), n));
            }

            @Override
            public Tensor loss(PairPattern trainNegatives) {
                Tensor h = fixed.nodes();
                embedded = h;
                return link.loss(h, trainLinks, trainNegatives);
            }

            @Override
            public Map<String, Double> validate() {
                return Map.of("val_auc", validationAuc(fixed, valLinks, valNonLinks));
            }

            /** Every node is embedded in every step: without dropout, the next step's embeddings validate. */
            @Override
            public boolean validatesAhead() {
                return model.evaluatesAsItTrains();
            }

            @Override
            public Map<String, Double> validateAhead() {
                try (var noGrad = GradMode.noGrad()) {
                    return Map.of("val_auc", rocAuc(embedded, valLinks, valNonLinks));
                }
            }

            @Override
            public Monitor monitor() {
                return new Monitor("val_auc", true);
            }

            @Override
            public String inputs() {
                return model.featureScalingNote();
            }
        };
        Trainer.Result result = new Trainer(training).listener(listener).fit(task);
        LinkMetrics tested = metrics(fixed, test, testNegatives);
        return new Fit(result, tested.rocAuc(), tested.averagePrecision());
    }

    /** ROC-AUC alone, what every epoch's validation needs. */
    private double validationAuc(GnnModel.FixedInputs fixed, PairPattern positives, PairPattern negatives) {
        model.eval();
        try (var noGrad = GradMode.noGrad(); var ignored = Workspace.step()) {
            return rocAuc(fixed.nodes(), positives, negatives);
        }
    }

    private static double rocAuc(Tensor embeddings, PairPattern positives, PairPattern negatives) {
        return LinkMetrics.rocAuc(Buffers.doubles(positives.dots(embeddings).data()),
                Buffers.doubles(negatives.dots(embeddings).data()));
    }

    private LinkMetrics metrics(GnnModel.FixedInputs fixed, long[] positives, long[] negatives) {
        model.eval();
        try (var noGrad = GradMode.noGrad(); var ignored = Workspace.step()) {
            Tensor h = fixed.nodes();
            return LinkMetrics.of(Buffers.doubles(DotProduct.score(h, positives).data()),
                    Buffers.doubles(DotProduct.score(h, negatives).data()));
        }
    }

    /** The graph the model passes messages over: training pairs in both directions, with features. */
    private Graph trainingGraph(Graph graph, long[] train) {
        int n = graph.numNodes();
        int[] s = new int[train.length * 2];
        int[] r = new int[train.length * 2];
        for (int i = 0; i < train.length; i++) {
            int u = (int) (train[i] >>> 32);
            int v = (int) train[i];
            s[2 * i] = u;
            r[2 * i] = v;
            s[2 * i + 1] = v;
            r[2 * i + 1] = u;
        }
        INDArray features = graph.nodeFeatures();
        if (features == null) {
            features = n <= IDENTITY_FEATURES_UP_TO ? Nd4j.eye(n).castTo(DataType.FLOAT) : degreeFeatures(s, n);
        }
        Graph messages = Graph.builder(n).edges(s, r).nodeFeatures(features).build();
        return Layers.needsSelfLoops(layer) ? messages.withSelfLoops() : messages;
    }

    private static INDArray degreeFeatures(int[] senders, int n) {
        float[] f = new float[n * 2];
        int[] degree = new int[n];
        for (int s : senders) {
            degree[s]++;
        }
        for (int v = 0; v < n; v++) {
            f[2 * v] = 1f;
            f[2 * v + 1] = (float) Math.log1p(degree[v]);
        }
        return Nd4j.create(f, new long[] {n, 2}, 'c');
    }

    /** Each unordered pair {u, v}, u < v, once, packed as u << 32 | v; self loops are left out. */
    static long[] undirectedPairs(Graph graph) {
        int[] s = graph.senders();
        int[] r = graph.receivers();
        Set<Long> seen = new HashSet<>();
        for (int e = 0; e < s.length; e++) {
            if (s[e] != r[e]) {
                seen.add(Pairs.unordered(s[e], r[e]));
            }
        }
        long[] pairs = seen.stream().mapToLong(Long::longValue).sorted().toArray();
        return pairs;
    }

}
