package org.erlangen.gnn.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.erlangen.gnn.conv.GCNConv;
import org.erlangen.gnn.conv.GraphLayer;
import org.erlangen.gnn.conv.PooledLayer;
import org.erlangen.gnn.conv.TargetedLayer;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.sampling.FeatureRows;
import org.erlangen.kernels.Termination;
import org.erlangen.nn.BatchNorm;
import org.erlangen.nn.Dropout;
import org.erlangen.nn.FeatureScaling;
import org.erlangen.nn.Init;
import org.erlangen.nn.Linear;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stack of graph layers built from a {@link ModelConfig}: for node tasks the last layer gives the outputs per node;
 * for graph tasks the layers give node embeddings, a readout pools them per graph and a head gives the outputs per
 * graph. With the {@code mlp} head ReLU and dropout sit between layers and the last layer's readout goes through a
 * two-layer head; with the {@code jk} head (Xu et al.'s GIN) the readouts of the input and of every layer each go
 * through their own linear head with dropout, and the heads' outputs are summed. With
 * {@link ModelConfig#scaleFeatures()} the input features first go through a {@link FeatureScaling} fitted to the
 * training items ({@link #fitFeatureScaling}), whose statistics are saved with the weights. The thread's
 * {@link Termination} check runs between layers, and between layers' construction.
 */
public final class GnnModel extends Module {
    /** The parameters of the first graph layer, by name: where Kipf and Welling put their weight decay. */
    public static final Predicate<String> FIRST_LAYER = name -> name.startsWith("conv0.");

    private final ModelConfig config;
    private final FeatureScaling scaling;
    private final List<GraphLayer> layers = new ArrayList<>();
    private final Linear headHidden;
    private final Linear headOut;
    /** jk head: one linear head per readout (input, then each layer), and the batch norm after each layer. */
    private final List<Linear> layerHeads = new ArrayList<>();
    private final List<BatchNorm> layerNorms = new ArrayList<>();
    private final Random dropoutRandom;

    public GnnModel(ModelConfig config, long seed, DataType dtype) {
        this.config = config;
        Random random = new Random(seed);
        this.dropoutRandom = new Random(seed ^ 0x5DEECE66DL);
        LayerFactory factory = Layers.factory(config.layer());
        boolean node = config.task().equals("node");
        this.scaling = config.scaleFeatures() ? child("scaling", new FeatureScaling(config.in(), dtype)) : null;
        for (int i = 0; i < config.layers(); i++) {
            Termination.check(); // drawing a wide layer's weights takes a while
            int in = i == 0 ? config.in() : config.hidden();
            int out = node && i == config.layers() - 1 ? config.out() : config.hidden();
            boolean last = node && i == config.layers() - 1;
            var module = factory.create(in, out, last, config, random, dtype);
            layers.add(LayerFactory.asGraphLayer(module));
            child("conv" + i, module);
        }
        if (node) {
            headHidden = null;
            headOut = null;
        } else if (jk()) {
            headHidden = null;
            headOut = null;
            for (int i = 0; i <= config.layers(); i++) {
                layerHeads.add(child("jkHead" + i, new Linear(i == 0 ? config.in() : config.hidden(), config.out(),
                        true, Init.Scheme.GLOROT_UNIFORM, random, dtype)));
                if (i > 0 && config.norm().equals("batch")) {
                    layerNorms.add(child("jkNorm" + i, new BatchNorm(config.hidden(), BatchNorm.DEFAULT_EPS,
                            BatchNorm.DEFAULT_MOMENTUM, true, dtype)));
                }
            }
        } else {
            headHidden = child("head0", new Linear(config.hidden(), config.hidden(), true,
                    Init.Scheme.GLOROT_UNIFORM, random, dtype));
            headOut = child("head1", new Linear(config.hidden(), config.out(), true,
                    Init.Scheme.GLOROT_UNIFORM, random, dtype));
        }
    }

    public ModelConfig config() {
        return config;
    }

    /**
     * A lower bound on the parameters of a model with this config, from its widths alone: each layer's
     * {@link Layers.Size} (a test checks every registered layer against it) and the head's linear maps. A reader
     * compares it with the values a model file holds, so a config that declares widths its tensors cannot fill is
     * refused before anything is built. Saturates at Long.MAX_VALUE.
     */
    public static long leastParameters(ModelConfig config) {
        Layers.Size size = Layers.size(config.layer());
        double in = config.in();
        double hidden = config.hidden();
        double out = config.out();
        double layers = config.layers();
        double total;
        if (config.task().equals("node")) {
            total = layers == 1 ? size.leastParameters(in, out, true, config)
                    : size.leastParameters(in, hidden, false, config)
                            + (layers - 2) * size.leastParameters(hidden, hidden, false, config)
                            + size.leastParameters(hidden, out, true, config);
        } else {
            total = size.leastParameters(in, hidden, false, config)
                    + (layers - 1) * size.leastParameters(hidden, hidden, false, config)
                    + (config.head().equals("jk") ? (in + layers * hidden) * out : hidden * hidden + hidden * out);
        }
        return total >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) total;
    }

    /**
     * Whether an entry of a model's state dictionary is a buffer (running statistics, feature scaling, GIN's fixed
     * eps) rather than a trained parameter, told by its name, so a model file's parameters can be counted from its
     * header without building the model. A test checks it against every layer, head and option.
     */
    public static boolean isBuffer(String name) {
        String last = name.substring(name.lastIndexOf('.') + 1);
        return name.startsWith("scaling.") || last.equals("running_mean") || last.equals("running_var")
                || last.equals("num_batches_tracked") || name.matches("conv\\d+\\.eps");
    }

    private boolean jk() {
        return config.task().equals("graph") && config.head().equals("jk");
    }

    /**
     * Fits the feature scaling to the training items' feature rows (the training nodes' rows for node tasks, every
     * node of the training graphs for graph tasks); does nothing when the config has scaling off.
     */
    public void fitFeatureScaling(List<INDArray> trainingRows) {
        if (scaling != null) {
            scaling.fit(trainingRows);
        }
    }

    /**
     * {@link #fitFeatureScaling(List)} on rows {@code rows} of the feature matrix {@code features}, read where they
     * lie (the training nodes of a node task).
     */
    public void fitFeatureScaling(INDArray features, int[] rows) {
        if (scaling != null) {
            scaling.fit(features, rows, new boolean[config.in()]);
        }
    }

    /**
     * {@link #fitFeatureScaling(List)}, with the columns {@code spread} marks standardised whatever their range
     * ({@link FeatureScaling#fit(List, boolean[])}).
     */
    public void fitFeatureScaling(List<INDArray> trainingRows, boolean[] spread) {
        if (scaling != null) {
            scaling.fit(trainingRows, spread);
        }
    }

    /** For messages: whether the inputs are scaled, and how many columns are standardised. */
    public String featureScalingNote() {
        if (scaling == null) {
            return "feature scaling off";
        }
        int standardised = 0;
        for (boolean b : scaling.standardised()) {
            standardised += b ? 1 : 0;
        }
        return "feature scaling on, " + standardised + " of " + config.in() + " columns standardised";
    }

    private Tensor scaled(Tensor x) {
        return scaling == null ? x : scaling.apply(x);
    }

    /** Node embeddings (graph tasks) or node outputs (node tasks). */
    public Tensor nodes(Graph graph, Tensor x) {
        return embed(graph, scaled(x));
    }

    /**
     * {@link #nodes(Graph, Tensor)} from the features as the first layer reads them ({@link #inputs}): for the same
     * constant features every epoch, scaled once.
     */
    public Tensor nodesFromInputs(Graph graph, Tensor inputs) {
        return embed(graph, inputs);
    }

    /**
     * {@link #nodesFromInputs} for one graph and constant inputs that every forward reads again, such as a
     * full-graph link model's epochs: a first GCN layer pools the inputs once, {@code (A' X) W} in place of
     * {@code A' (X W)} every forward, two sparse products a step fewer (one forward, one backward). The same values
     * but for rounding. Hold it for the run only: it keeps the pooled inputs, as large as the inputs.
     */
    public FixedInputs fixedInputs(Graph graph, Tensor inputs) {
        return new FixedInputs(graph, inputs);
    }

    /** See {@link #fixedInputs}. */
    public final class FixedInputs {
        private final Graph graph;
        private final Tensor inputs;
        private Tensor pooled; // the first layer's pooled inputs, made on first use outside the step arenas

        private FixedInputs(Graph graph, Tensor inputs) {
            this.graph = graph;
            this.inputs = inputs;
        }

        /** Every node's output for the model's current parameters and mode. */
        public Tensor nodes() {
            boolean dropsInputs = config.inputDropout() && config.dropout() > 0 && isTraining();
            if (jk() || !(layers.get(0) instanceof GCNConv gcn) || inputs.requiresGrad() || dropsInputs) {
                return nodesFromInputs(graph, inputs);
            }
            if (pooled == null) {
                pooled = Workspace.outside(() -> {
                    try (var noGrad = GradMode.noGrad()) {
                        return Tensor.constant(gcn.pool(graph, inputs).data());
                    }
                });
            }
            Tensor h = gcn.fromPooled(pooled);
            if (reluAfter(0)) {
                h = Activations.relu(h);
            }
            return layersFrom(1, graph, h);
        }
    }

    /**
     * Node outputs of a sampled computation (node tasks): layer {@code i} runs on {@code layerGraphs.get(i)}, whose
     * nodes are a prefix of the previous layer's, and only the first rows of each layer's output go on (PyG's
     * trimming); the last layer's first {@code outputs} rows are returned. {@code x} has a row per node of the first
     * layer graph.
     */
    public Tensor nodes(List<Graph> layerGraphs, Tensor x, int outputs) {
        return nodes(layerGraphs, scaled(x), false, outputs);
    }

    /**
     * {@link #nodes(List, Tensor, int)} on a batch's gathered rows, which it changes in place: float rows are
     * scaled and (with input dropout, in training) dropped in their heap array, then copied off the heap once, the
     * same values bit for bit as the tensor path, which made and read a native array of the whole batch for each.
     */
    public Tensor nodes(List<Graph> layerGraphs, FeatureRows rows, int outputs) {
        boolean dropInput = config.inputDropout();
        Tensor x = rows.tensor((values, count, width) -> {
            if (scaling != null) {
                scaling.applyInPlace(values, count);
            }
            if (dropInput) {
                Dropout.applyInPlace(values, count * width, config.dropout(), isTraining(), dropoutRandom);
            }
        });
        return x == null ? nodes(layerGraphs, rows.tensor(), outputs) : nodes(layerGraphs, x, true, outputs);
    }

    /** The layers on the first layer's input {@code h}, already through the input dropout when {@code dropped}. */
    private Tensor nodes(List<Graph> layerGraphs, Tensor h, boolean dropped, int outputs) {
        requireNodeStack();
        if (layerGraphs.size() != layers.size()) {
            throw new IllegalArgumentException(layerGraphs.size() + " layer graphs for a model of " + layers.size()
                    + " layers");
        }
        for (int i = 0; i < layers.size(); i++) {
            Termination.check();
            if (i > 0 || (config.inputDropout() && !dropped)) {
                h = Dropout.apply(h, config.dropout(), isTraining(), dropoutRandom);
            }
            int keep = i + 1 < layers.size() ? layerGraphs.get(i + 1).numNodes() : outputs;
            if (keep > h.rows()) {
                throw new IllegalArgumentException("layer " + (i + 1) + " reads " + keep + " nodes but layer " + i
                        + " has only " + h.rows());
            }
            h = layerOutput(i, layerGraphs.get(i), h, keep);
        }
        return h;
    }

    /**
     * Each node's last hidden representation, [nodes, width], for node-level models: the output of the layer before
     * the last, after its ReLU (the scaled inputs for a one-layer model), without dropout when in evaluation. What
     * {@code erlangen.embed.*} hands out as embeddings.
     */
    public Tensor hidden(Graph graph, Tensor x) {
        requireNodeStack();
        Tensor h = scaled(x);
        for (int i = 0; i < layers.size() - 1; i++) {
            Termination.check();
            if (i > 0 || config.inputDropout()) {
                h = Dropout.apply(h, config.dropout(), isTraining(), dropoutRandom);
            }
            h = layerOutput(i, graph, h);
        }
        return h;
    }

    /** The features as the first layer reads them: scaled when the model scales its inputs. */
    public Tensor inputs(Tensor x) {
        return scaled(x);
    }

    /**
     * Layer {@code i} of a node task's stack with what follows it (ReLU between layers, none after the last), without
     * the dropout before it: one step of layer-wise inference.
     */
    public Tensor layerOutput(int i, Graph graph, Tensor h) {
        return layerOutput(i, graph, h, graph.numNodes());
    }

    /**
     * {@link #layerOutput(int, Graph, Tensor)} for the first {@code targets} nodes only, into which every edge of
     * {@code graph} goes: a {@link TargetedLayer} computes just those rows, another layer all rows, then cut.
     */
    public Tensor layerOutput(int i, Graph graph, Tensor h, int targets) {
        requireNodeStack();
        GraphLayer layer = layers.get(i);
        boolean relu = i < layers.size() - 1;
        if (layer instanceof TargetedLayer targeted) {
            return targeted.forward(graph, h, targets, relu);
        }
        Tensor y = layer.forward(graph, h);
        y = targets == y.rows() ? y : Shapes.slice(y, 0, 0, targets);
        return relu ? Activations.relu(y) : y;
    }

    /** How layer {@code i} pools its senders' rows, or null when it is not a {@link PooledLayer} that does. */
    public PooledLayer.Pooling pooling(int i) {
        requireNodeStack();
        return layers.get(i) instanceof PooledLayer pooled ? pooled.pooling() : null;
    }

    /** What each node sends to layer {@code i}'s pools ({@link PooledLayer#message}). */
    public Tensor layerMessage(int i, Tensor h) {
        return pooledLayer(i).message(h);
    }

    /**
     * {@link #layerOutput(int, Graph, Tensor)} for receivers whose senders' {@link #layerMessage messages} pool to
     * {@code pooled} (by {@link #pooling(int)}) and whose own rows are {@code own}.
     */
    public Tensor layerOutputPooled(int i, Tensor pooled, Tensor own) {
        Tensor y = pooledLayer(i).forwardPooled(pooled, own);
        return i < layers.size() - 1 ? Activations.relu(y) : y;
    }

    private PooledLayer pooledLayer(int i) {
        if (pooling(i) == null) {
            throw new IllegalArgumentException("layer " + i + " (" + layers.get(i).getClass().getSimpleName()
                    + ") does not pool its senders' rows");
        }
        return (PooledLayer) layers.get(i);
    }

    /**
     * Whether a forward in training computes what one in evaluation does: no dropout anywhere (inputs, between
     * layers, attention) and no batch statistics.
     */
    public boolean evaluatesAsItTrains() {
        return config.dropout() == 0 && config.norm().equals("none");
    }

    /** Whether {@link #inputs} changes the features (the model scales them). */
    public boolean scalesInputs() {
        return scaling != null;
    }

    /** How many graph layers the model stacks. */
    public int layerCount() {
        return layers.size();
    }

    private void requireNodeStack() {
        if (!config.task().equals("node")) {
            throw new IllegalStateException("sampled and layer-wise computation is for node-level models, this one is "
                    + "for " + config.task() + " tasks");
        }
    }

    private Tensor embed(Graph graph, Tensor x) {
        if (jk()) {
            List<Tensor> all = layerOutputs(graph, x);
            return all.get(all.size() - 1);
        }
        return layersFrom(0, graph, x);
    }

    /** Whether a ReLU follows layer {@code i} in {@link #embed}. */
    private boolean reluAfter(int i) {
        return !config.task().equals("node") || i < layers.size() - 1;
    }

    /** The layers from {@code first} on, {@code h} the input of that layer (before its dropout). */
    private Tensor layersFrom(int first, Graph graph, Tensor h) {
        for (int i = first; i < layers.size(); i++) {
            Termination.check(); // between layers: a step of a large model runs for seconds
            // input dropout as Kipf and Welling; on NCI1's one-hot atom labels it cost several points of accuracy
            if (i > 0 || config.inputDropout()) {
                h = Dropout.apply(h, config.dropout(), isTraining(), dropoutRandom);
            }
            boolean relu = reluAfter(i);
            if (layers.get(i) instanceof TargetedLayer targeted) {
                h = targeted.forward(graph, h, graph.numNodes(), relu); // the ReLU in the layer's last pass
                continue;
            }
            h = layers.get(i).forward(graph, h);
            if (relu) {
                Termination.check();
                h = Activations.relu(h);
            }
        }
        return h;
    }

    /** The jk head's node representations: the input, then each layer's output after its norm and ReLU. */
    private List<Tensor> layerOutputs(Graph graph, Tensor x) {
        List<Tensor> out = new ArrayList<>(layers.size() + 1);
        out.add(x);
        Tensor h = x;
        for (int i = 0; i < layers.size(); i++) {
            Termination.check();
            h = layers.get(i).forward(graph, h);
            if (!layerNorms.isEmpty()) {
                h = layerNorms.get(i).forward(h);
            }
            h = Activations.relu(h);
            out.add(h);
        }
        return out;
    }

    private Tensor pool(Tensor h, GraphBatch batch) {
        return switch (config.readout()) {
            case "sum" -> Sparse.segmentSum(h, batch.nodesPerGraph());
            case "mean" -> Sparse.segmentMean(h, batch.nodesPerGraph());
            default -> Sparse.segmentMax(h, batch.nodesPerGraph());
        };
    }

    /** Outputs per graph of a batch: node embeddings, readout, head. */
    public Tensor graphs(GraphBatch batch, Tensor features) {
        Tensor x = scaled(features);
        if (jk()) {
            List<Tensor> all = layerOutputs(batch.graph(), x);
            Tensor sum = null;
            for (int i = 0; i < all.size(); i++) {
                // dropout on each head's output, as in the paper's code
                Tensor score = Dropout.apply(layerHeads.get(i).forward(pool(all.get(i), batch)), config.dropout(),
                        isTraining(), dropoutRandom);
                sum = sum == null ? score : Ops.add(sum, score);
            }
            return sum;
        }
        if (headOut == null) {
            throw new IllegalStateException("this is a node-level model");
        }
        Tensor pooled = pool(embed(batch.graph(), x), batch);
        Tensor hidden = Activations.relu(headHidden.forward(pooled));
        hidden = Dropout.apply(hidden, config.dropout(), isTraining(), dropoutRandom);
        return headOut.forward(hidden);
    }
}
