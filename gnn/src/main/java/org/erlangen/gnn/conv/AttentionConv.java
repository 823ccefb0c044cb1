package org.erlangen.gnn.conv;

import java.util.SplittableRandom;
import org.erlangen.gnn.aggr.SumAggregation;
import org.erlangen.graph.Graph;
import org.erlangen.nn.Dropout;
import org.erlangen.nn.Init;
import org.erlangen.nn.Linear;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The base of the attention layers ({@link GATConv}, {@link GATv2Conv}, {@link TransformerConv}). A layer says how
 * it projects the node features ({@link #project}) and how it scores an edge ({@link #score}, PyTorch Geometric's
 * {@code edge_update}); this class does the rest, the same way for every layer:
 * <ol>
 * <li>self loops, when {@link Settings#addSelfLoops}: every existing loop replaced by one per node whose edge
 * features are the mean of the node's incoming ones ({@link SelfLoops});</li>
 * <li>the edge features projected by {@code lin_edge} to {@code [E, heads * C]}, when the layer has an edge
 * width;</li>
 * <li>{@code alpha = softmax(score)} over the edges into each node, per head, then attention dropout in
 * training;</li>
 * <li>{@code y_i = sum_j alpha_ij (v_j + edgeValues_ji)} per head as one multi-head sparse product
 * ({@link Sparse#weightedSum}), so no {@code [E, heads * C]} array of messages is built;</li>
 * <li>the heads concatenated or averaged; with the root weight {@code y_i + W_s x_i} (or, with {@code beta}, the
 * gate {@code beta_i W_s x_i + (1 - beta_i) y_i}, {@code beta_i = sigmoid(w_b . [y_i, W_s x_i, y_i - W_s x_i])});
 * the bias, which lives in {@code W_s} when there is a root weight.</li>
 * </ol>
 *
 * <p>A new attention layer is its score function. Scaled dot-product attention over one projection:
 * <pre>{@code
 * final class DotProductConv extends AttentionConv {
 *     private final Linear lin;
 *
 *     DotProductConv(Settings settings) {
 *         super(settings);
 *         lin = addProjection("lin", false);
 *         addOutput();
 *     }
 *
 *     protected Projection project(Tensor x) {
 *         return Projection.of(lin.forward(x));
 *     }
 *
 *     protected Tensor score(Edges edges) {
 *         return Ops.mul(edges.dot(edges.queries(), edges.keys()), 1 / Math.sqrt(settings().out()));
 *     }
 * }
 * }</pre>
 * plus, usually, a {@link Builder} subclass that names the layer and hands over its settings. The constructor
 * registers parameters in PyTorch Geometric's order, so a state dictionary matches: the layer's own, with
 * {@link #addEdgeProjection} where {@code lin_edge} belongs, and {@link #addOutput} last.
 */
public abstract class AttentionConv extends MessagePassing implements GraphLayer {
    private final Settings settings;
    private final SplittableRandom random;
    private final SplittableRandom dropoutRng;
    private Linear linEdge;
    private Linear linSkip;
    private Linear linBeta;
    private Tensor bias;
    private boolean outputAdded;

    protected AttentionConv(Settings settings) {
        super(new SumAggregation());
        this.settings = settings;
        var root = new SplittableRandom(settings.seed());
        this.random = root.split();
        this.dropoutRng = root.split();
    }

    /**
     * The per-node projections of the input features {@code [N, in]}, each {@code [N, heads * C]}: computed once per
     * node, read per edge by {@link #score} and summed by the attention.
     */
    protected abstract Projection project(Tensor x);

    /**
     * The score of every edge of {@code edges} in every head before the softmax, {@code [E, heads]}: what makes the
     * layer GAT, GATv2 or a transformer.
     */
    protected abstract Tensor score(Edges edges);

    /**
     * What each edge adds to its sender's values before they are weighted and summed, {@code [E, heads * C]}, or null
     * (the default). The graph transformer adds its projected edge features.
     */
    protected Tensor edgeValues(Edges edges) {
        return null;
    }

    /**
     * What the layer projects: {@code values} are summed at the senders ({@code v_j}), {@code keys} are what the score
     * reads at the sender of an edge, {@code queries} what it reads at the receiver. All {@code [N, heads * C]}.
     */
    public record Projection(Tensor values, Tensor keys, Tensor queries) {
        /** One projection for all three, as in GAT. */
        public static Projection of(Tensor h) {
            return new Projection(h, h, h);
        }
    }

    /**
     * What {@link #score} sees: the attended edges (the input graph's, or its looped copy) in stored order, sorted by
     * receiver, with the layer's projections and projected edge features.
     */
    public static final class Edges {
        private final Csr adjacency;
        private final int heads;
        private final Projection nodes;
        private final Tensor features;

        private Edges(Csr adjacency, int heads, Projection nodes, Tensor features) {
            this.adjacency = adjacency;
            this.heads = heads;
            this.nodes = nodes;
            this.features = features;
        }

        /** Per-node keys {@code [N, heads * C]}, to be read at the senders. */
        public Tensor keys() {
            return nodes.keys();
        }

        /** Per-node queries {@code [N, heads * C]}, to be read at the receivers. */
        public Tensor queries() {
            return nodes.queries();
        }

        /** The edge features projected by {@code lin_edge}, {@code [E, heads * C]}, or null without them. */
        public Tensor features() {
            return features;
        }

        /** Rows of a per-node tensor at each edge's sender ({@code x_j}). */
        public Tensor atSenders(Tensor perNode) {
            return MessagePassing.atSenders(adjacency, perNode);
        }

        /** Rows of a per-node tensor at each edge's receiver ({@code x_i}). */
        public Tensor atReceivers(Tensor perNode) {
            return MessagePassing.atReceivers(adjacency, perNode);
        }

        /**
         * Per head, the dot product of the receiver's row of {@code receiverSide} with the sender's row of
         * {@code senderSide} (both per node, {@code [N, heads * C]}), {@code [E, heads]}, without gathering either side
         * per edge ({@link Sparse#edgeDot}).
         */
        public Tensor dot(Tensor receiverSide, Tensor senderSide) {
            return Sparse.edgeDot(adjacency, receiverSide, senderSide, heads);
        }

        /** The attended edges: rows are receivers, columns senders, entry k is edge k. */
        public Csr adjacency() {
            return adjacency;
        }

        public int heads() {
            return heads;
        }
    }

    /** Reads the graph's own edge features when built with an edge width. */
    @Override
    public final Tensor forward(Graph graph, Tensor x) {
        return forward(graph, x, Layers.graphEdges(settings.layer(), graph, settings.edgeDim(), x.dtype()));
    }

    /** {@code [N, heads * out]} when concatenating, else {@code [N, out]}. */
    public final Tensor forward(Graph graph, Tensor x, Tensor edgeAttr) {
        Pass p = pass(graph, x, edgeAttr);
        Tensor alpha = Dropout.apply(p.alpha(), settings.dropout(), isTraining(), dropoutRng);
        Tensor y = propagate(p.graph(), p.values(), p.edgeValues(), alpha);
        return output(y, x);
    }

    /** The attention coefficients this layer would use on {@code graph}. */
    public final Attention attention(Graph graph, Tensor x, Tensor edgeAttr) {
        Pass p = pass(graph, x, edgeAttr);
        return new Attention(p.graph(), p.alpha());
    }

    public final Settings settings() {
        return settings;
    }

    /** The attended graph, the summed values and per-edge additions to them, and the attention. */
    private record Pass(Graph graph, Tensor values, Tensor edgeValues, Tensor alpha) {
    }

    private Pass pass(Graph graph, Tensor x, Tensor edgeAttr) {
        String layer = settings.layer();
        if (!outputAdded || (settings.edgeDim() > 0 && linEdge == null)) {
            throw new IllegalStateException(layer + " must call addEdgeProjection() (with an edge width) and"
                    + " addOutput() in its constructor");
        }
        Layers.checkNodes(layer, graph, x, settings.in());
        Layers.checkEdges(layer, graph, edgeAttr, settings.edgeDim());
        Graph g = graph;
        Tensor e = edgeAttr;
        if (settings.addSelfLoops()) {
            SelfLoops loops = SelfLoops.of(graph);
            g = loops.graph();
            e = e == null ? null : loops.edgeAttr(e);
        }
        Projection nodes = project(x);
        var edges = new Edges(g.adjacency(), settings.heads(), nodes, e == null ? null : linEdge.forward(e));
        Tensor alpha = Sparse.segmentSoftmax(score(edges), g.adjacency().rows());
        return new Pass(g, nodes.values(), edgeValues(edges), alpha);
    }

    /** Heads concatenated or averaged, then the root weight and the bias. */
    private Tensor output(Tensor y, Tensor x) {
        if (!settings.concat()) {
            y = Heads.mean(y, settings.heads());
        }
        if (linSkip != null) {
            Tensor root = linSkip.forward(x);
            if (linBeta == null) {
                y = Ops.add(y, root);
            } else {
                Tensor gate = Activations.sigmoid(linBeta.forward(Shapes.concat(1, y, root, Ops.sub(y, root))));
                y = Ops.add(y, Ops.mul(gate, Ops.sub(root, y)));
            }
        }
        return bias == null ? y : Ops.add(y, bias);
    }

    /** {@code alpha_ji (v_j + edgeValues_ji)} per head. */
    @Override
    protected final Tensor message(Messages m) {
        Tensor value = m.edgeAttr() == null ? m.xJ() : Ops.add(m.xJ(), m.edgeAttr());
        return Ops.mul(value, Heads.repeat(m.edgeWeight(), settings.heads(), settings.out()));
    }

    /** The value sum as one multi-head sparse product; per-edge values, when present, add their own weighted sum. */
    @Override
    protected final Tensor fusedPropagate(Graph graph, Tensor values, Tensor edgeValues, Tensor alpha) {
        Tensor y = Sparse.weightedSum(graph.adjacency(), alpha, values);
        if (edgeValues == null) {
            return y;
        }
        Tensor weighted = Ops.mul(edgeValues, Heads.repeat(alpha, settings.heads(), settings.out()));
        return Ops.add(y, Sparse.segmentSum(weighted, graph.adjacency().rows()));
    }

    /** Registers a Glorot-initialised node projection {@code [in] -> [heads * C]} as child {@code name}. */
    protected final Linear addProjection(String name, boolean withBias) {
        return child(name, new Linear(settings.in(), settings.width(), withBias, Init.Scheme.GLOROT_UNIFORM, random,
                settings.dtype()));
    }

    /** Registers an attention vector {@code [1, heads, C]}, Glorot-initialised as PyTorch Geometric's. */
    protected final Tensor addHeadVector(String name) {
        double bound = Math.sqrt(6.0 / (settings.heads() + settings.out()));
        return parameter(name, Init.uniform(bound, random, settings.dtype(), 1, settings.heads(), settings.out()));
    }

    /** Registers {@code lin_edge} ({@code [edgeDim] -> [heads * C]}, no bias) when the layer has an edge width. */
    protected final void addEdgeProjection() {
        if (settings.edgeDim() > 0) {
            linEdge = child("lin_edge", new Linear(settings.edgeDim(), settings.width(), false,
                    Init.Scheme.GLOROT_UNIFORM, random, settings.dtype()));
        }
    }

    /**
     * Registers what follows the attention, last: the root weight {@code lin_skip} (carrying the bias) and the gate
     * {@code lin_beta} when asked for, else the bias {@code bias} when asked for.
     */
    protected final void addOutput() {
        int width = settings.outWidth();
        if (settings.rootWeight()) {
            linSkip = child("lin_skip", new Linear(settings.in(), width, settings.bias(), Init.Scheme.GLOROT_UNIFORM,
                    random, settings.dtype()));
            if (settings.beta()) {
                linBeta = child("lin_beta", new Linear(3 * width, 1, false, Init.Scheme.GLOROT_UNIFORM, random,
                        settings.dtype()));
            }
        } else if (settings.bias()) {
            bias = parameter("bias", Init.zeros(settings.dtype(), width));
        }
        outputAdded = true;
    }

    /**
     * The options every attention layer has. {@code out} is the width of one head; {@code bias} is the bias after the
     * heads, or that of the root weight when there is one.
     */
    public record Settings(String layer, int in, int out, int heads, boolean concat, double dropout, int edgeDim,
            boolean addSelfLoops, boolean bias, boolean rootWeight, boolean beta, long seed, DataType dtype) {
        public Settings {
            Layers.checkPositive(layer + " input width", in);
            Layers.checkPositive(layer + " output width per head", out);
            Layers.checkPositive(layer + " heads", heads);
            Layers.checkProbability(layer + " attention dropout", dropout);
            if (edgeDim < 0) {
                throw new IllegalArgumentException(layer + " edge width must be non-negative, got " + edgeDim);
            }
            if (beta && !rootWeight) {
                throw new IllegalArgumentException(layer + ": beta gating needs the root weight");
            }
        }

        /** All heads side by side: {@code heads * out}. */
        public int width() {
            return heads * out;
        }

        /** The output width: {@code heads * out} when concatenating, {@code out} when averaging. */
        public int outWidth() {
            return concat ? width() : out;
        }

        /** The same settings without a bias. */
        public Settings withoutBias() {
            return new Settings(layer, in, out, heads, concat, dropout, edgeDim, addSelfLoops, false, rootWeight,
                    beta, seed, dtype);
        }
    }

    /**
     * The options of an attention layer, shared by every layer's builder: one head, concatenated, no dropout, no edge
     * features, a bias, no root weight, float32, seed 0; self loops as the layer's builder sets them. They are checked
     * together when the layer is built.
     */
    public abstract static class Builder<B extends Builder<B>> {
        private final String layer;
        private final int in;
        private final int out;
        private int heads = 1;
        private boolean concat = true;
        private double dropout;
        private int edgeDim;
        private boolean addSelfLoops;
        private boolean bias = true;
        private boolean rootWeight;
        private boolean beta;
        private long seed;
        private DataType dtype = Init.DEFAULT_DTYPE;

        protected Builder(String layer, int in, int out) {
            this.layer = layer;
            this.in = in;
            this.out = out;
        }

        /** This builder as its own type, so the setters chain. */
        protected abstract B self();

        public B heads(int h) {
            this.heads = h;
            return self();
        }

        /** Concatenate the heads (true, the default) or average them. */
        public B concat(boolean on) {
            this.concat = on;
            return self();
        }

        /** Dropout on the attention coefficients, in training. */
        public B dropout(double p) {
            this.dropout = p;
            return self();
        }

        /** Width of the edge features used in the attention (0: none). */
        public B edgeDim(int d) {
            this.edgeDim = d;
            return self();
        }

        /** Replace the graph's self loops by one per node, before attending. */
        public B addSelfLoops(boolean on) {
            this.addSelfLoops = on;
            return self();
        }

        public B bias(boolean on) {
            this.bias = on;
            return self();
        }

        /** Add the root transform {@code W_s x_i} of each node's own features. */
        public B rootWeight(boolean on) {
            this.rootWeight = on;
            return self();
        }

        /** Gate between the root and the aggregated message with a learned {@code beta} (needs the root weight). */
        public B beta(boolean on) {
            this.beta = on;
            return self();
        }

        public B seed(long s) {
            this.seed = s;
            return self();
        }

        public B dtype(DataType t) {
            this.dtype = t;
            return self();
        }

        public abstract AttentionConv build();

        protected final Settings settings() {
            return new Settings(layer, in, out, heads, concat, dropout, edgeDim, addSelfLoops, bias, rootWeight, beta,
                    seed, dtype);
        }
    }
}
