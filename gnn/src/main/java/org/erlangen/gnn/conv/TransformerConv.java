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
 * The graph transformer layer of Shi et al. (2021) as PyTorch Geometric's {@code TransformerConv}: per head,
 * {@code alpha_ij = softmax_j((W_q x_i) . (W_k x_j + W_e e_ji) / sqrt(C))} over the edges into {@code i}, and
 * {@code x'_i = sum_j alpha_ij (W_v x_j + W_e e_ji)}; heads concatenated or averaged. With the root weight the
 * result is {@code x'_i + W_s x_i}, or with {@code beta} the gated
 * {@code beta_i W_s x_i + (1 - beta_i) x'_i}, {@code beta_i = sigmoid(w_b . [x'_i, W_s x_i, x'_i - W_s x_i])}. No
 * self loops are added.
 *
 * <p>Queries, keys and values are computed per node; scores are one fused per-head dot product over the edges
 * ({@link Heads#edgeDot}) and the value sum one multi-head sparse product, so without edge features nothing of
 * size {@code [E, heads * C]} is built. Parameters: {@code lin_query.*}, {@code lin_key.*}, {@code lin_value.*},
 * {@code lin_edge.weight}, {@code lin_skip.*}, {@code lin_beta.weight}.
 */
public final class TransformerConv extends MessagePassing implements GraphLayer {
    private final int in;
    private final int heads;
    private final int channels;
    private final boolean concat;
    private final double dropout;
    private final int edgeDim;
    private final Linear linQuery;
    private final Linear linKey;
    private final Linear linValue;
    private final Linear linEdge;
    private final Linear linSkip;
    private final Linear linBeta;
    private final SplittableRandom dropoutRng;

    private TransformerConv(Builder b) {
        super(new SumAggregation());
        this.in = b.in;
        this.heads = b.heads;
        this.channels = b.out;
        this.concat = b.concat;
        this.dropout = b.dropout;
        this.edgeDim = b.edgeDim;
        var root = new SplittableRandom(b.seed);
        var rng = root.split();
        this.dropoutRng = root.split();
        int width = heads * channels;
        int outWidth = concat ? width : channels;
        var scheme = Init.Scheme.GLOROT_UNIFORM;
        this.linKey = child("lin_key", new Linear(in, width, true, scheme, rng, b.dtype));
        this.linQuery = child("lin_query", new Linear(in, width, true, scheme, rng, b.dtype));
        this.linValue = child("lin_value", new Linear(in, width, true, scheme, rng, b.dtype));
        this.linEdge = edgeDim > 0 ? child("lin_edge", new Linear(edgeDim, width, false, scheme, rng, b.dtype))
                : null;
        this.linSkip = b.rootWeight ? child("lin_skip", new Linear(in, outWidth, b.bias, scheme, rng, b.dtype))
                : null;
        if (b.beta && !b.rootWeight) {
            throw new IllegalArgumentException("TransformerConv: beta gating needs the root weight");
        }
        this.linBeta = b.beta ? child("lin_beta", new Linear(3 * outWidth, 1, false, scheme, rng, b.dtype)) : null;
    }

    /** One head, concatenated, root weight without beta, no dropout, no edge features, bias, float32, seed 0. */
    public static Builder builder(int in, int out) {
        return new Builder(in, out);
    }

    @Override
    public Tensor forward(Graph graph, Tensor x) {
        return forward(graph, x, Layers.graphEdges("TransformerConv", graph, edgeDim, x.dtype()));
    }

    /** {@code [N, heads * out]} when concatenating, else {@code [N, out]}. */
    public Tensor forward(Graph graph, Tensor x, Tensor edgeAttr) {
        Pass p = pass(graph, x, edgeAttr);
        Tensor alpha = Dropout.apply(p.alpha(), dropout, isTraining(), dropoutRng);
        Tensor y = propagate(graph, linValue.forward(x), p.edges(), alpha);
        if (!concat) {
            y = Heads.mean(y, heads);
        }
        if (linSkip == null) {
            return y;
        }
        Tensor root = linSkip.forward(x);
        if (linBeta == null) {
            return Ops.add(y, root);
        }
        Tensor gate = Activations.sigmoid(linBeta.forward(Shapes.concat(1, y, root, Ops.sub(y, root))));
        return Ops.add(y, Ops.mul(gate, Ops.sub(root, y)));
    }

    /** The attention coefficients this layer would use on {@code graph}. */
    public Attention attention(Graph graph, Tensor x, Tensor edgeAttr) {
        return new Attention(graph, pass(graph, x, edgeAttr).alpha());
    }

    /** Transformed edge features (or null) and the attention. */
    private record Pass(Tensor edges, Tensor alpha) {
    }

    private Pass pass(Graph graph, Tensor x, Tensor edgeAttr) {
        Layers.checkNodes("TransformerConv", graph, x, in);
        Layers.checkEdges("TransformerConv", graph, edgeAttr, edgeDim);
        Csr adjacency = graph.adjacency();
        Tensor query = linQuery.forward(x);
        Tensor scores = Sparse.edgeDot(adjacency, query, linKey.forward(x), heads);
        Tensor edges = null;
        if (edgeAttr != null) {
            edges = linEdge.forward(edgeAttr);
            // q_i . (k_j + e_ji) = q_i . k_j + q_i . e_ji
            scores = Ops.add(scores, Heads.sum(Ops.mul(atReceivers(adjacency, query), edges), heads));
        }
        scores = Ops.mul(scores, 1.0 / Math.sqrt(channels));
        return new Pass(edges, Sparse.segmentSoftmax(scores, adjacency.rows()));
    }

    /** {@code alpha_ji (v_j + e_ji)} per head. */
    @Override
    protected Tensor message(Messages m) {
        Tensor value = m.edgeAttr() == null ? m.xJ() : Ops.add(m.xJ(), m.edgeAttr());
        return Ops.mul(value, Heads.repeat(m.edgeWeight(), heads, channels));
    }

    /** The value sum as one sparse product; edge features, when present, add their own weighted sum. */
    @Override
    protected Tensor fusedPropagate(Graph graph, Tensor value, Tensor edges, Tensor alpha) {
        Tensor y = Sparse.weightedSum(graph.adjacency(), alpha, value);
        if (edges == null) {
            return y;
        }
        Tensor weighted = Ops.mul(edges, Heads.repeat(alpha, heads, channels));
        return Ops.add(y, Sparse.segmentSum(weighted, graph.adjacency().rows()));
    }

    /** Options of a {@link TransformerConv}. */
    public static final class Builder {
        private final int in;
        private final int out;
        private int heads = 1;
        private boolean concat = true;
        private boolean beta;
        private double dropout;
        private int edgeDim;
        private boolean bias = true;
        private boolean rootWeight = true;
        private long seed;
        private DataType dtype = Init.DEFAULT_DTYPE;

        private Builder(int in, int out) {
            Layers.checkPositive("TransformerConv input width", in);
            Layers.checkPositive("TransformerConv output width per head", out);
            this.in = in;
            this.out = out;
        }

        public Builder heads(int h) {
            Layers.checkPositive("TransformerConv heads", h);
            this.heads = h;
            return this;
        }

        public Builder concat(boolean on) {
            this.concat = on;
            return this;
        }

        /** Gate between the root and the aggregated message with a learned {@code beta} (needs the root weight). */
        public Builder beta(boolean on) {
            this.beta = on;
            return this;
        }

        public Builder dropout(double p) {
            Layers.checkProbability("TransformerConv attention dropout", p);
            this.dropout = p;
            return this;
        }

        public Builder edgeDim(int d) {
            if (d < 0) {
                throw new IllegalArgumentException("TransformerConv edge width must be non-negative, got " + d);
            }
            this.edgeDim = d;
            return this;
        }

        /** Bias of the root (skip) transform. */
        public Builder bias(boolean on) {
            this.bias = on;
            return this;
        }

        public Builder rootWeight(boolean on) {
            this.rootWeight = on;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder dtype(DataType t) {
            this.dtype = t;
            return this;
        }

        public TransformerConv build() {
            return new TransformerConv(this);
        }
    }
}
