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
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * GATv2 (Brody et al., 2022) as PyTorch Geometric's {@code GATv2Conv}: the score of edge {@code j -> i} in head
 * {@code k} is {@code a . LeakyReLU(W_l x_j + W_r x_i + W_e e_ji)}, so the ranking of neighbours depends on the
 * receiver ("dynamic" attention); the output is {@code sum_j alpha_ij W_l x_j} per head, concatenated or averaged,
 * plus a bias. Self loops as in {@link GATConv}. The transforms run per node; only their sum is per edge
 * ({@code [E, heads * C]}), and the weighted sum is one multi-head sparse product. Parameters: {@code lin_l.*},
 * {@code lin_r.*} (absent when weights are shared), {@code att} ({@code [1, heads, C]}), {@code lin_edge.weight},
 * {@code bias}.
 */
public final class GATv2Conv extends MessagePassing implements GraphLayer {
    private final int in;
    private final int heads;
    private final int channels;
    private final boolean concat;
    private final double negativeSlope;
    private final double dropout;
    private final boolean addSelfLoops;
    private final int edgeDim;
    private final Linear linL;
    private final Linear linR;
    private final Tensor att;
    private final Linear linEdge;
    private final Tensor bias;
    private final SplittableRandom dropoutRng;

    private GATv2Conv(Builder b) {
        super(new SumAggregation());
        this.in = b.in;
        this.heads = b.heads;
        this.channels = b.out;
        this.concat = b.concat;
        this.negativeSlope = b.negativeSlope;
        this.dropout = b.dropout;
        this.addSelfLoops = b.addSelfLoops;
        this.edgeDim = b.edgeDim;
        var root = new SplittableRandom(b.seed);
        var rng = root.split();
        this.dropoutRng = root.split();
        int width = heads * channels;
        var scheme = Init.Scheme.GLOROT_UNIFORM;
        this.linL = child("lin_l", new Linear(in, width, b.bias, scheme, rng, b.dtype));
        this.linR = b.shareWeights ? linL : child("lin_r", new Linear(in, width, b.bias, scheme, rng, b.dtype));
        this.att = parameter("att", Init.uniform(Math.sqrt(6.0 / (heads + channels)), rng, b.dtype, 1, heads,
                channels));
        this.linEdge = edgeDim > 0 ? child("lin_edge", new Linear(edgeDim, width, false, scheme, rng, b.dtype))
                : null;
        this.bias = b.bias ? parameter("bias", Init.zeros(b.dtype, concat ? width : channels)) : null;
    }

    /** One head, concatenated, slope 0.2, no dropout, self loops, no edge features, bias, separate W_l and W_r. */
    public static Builder builder(int in, int out) {
        return new Builder(in, out);
    }

    @Override
    public Tensor forward(Graph graph, Tensor x) {
        return forward(graph, x, Layers.graphEdges("GATv2Conv", graph, edgeDim, x.dtype()));
    }

    /** {@code [N, heads * out]} when concatenating, else {@code [N, out]}. */
    public Tensor forward(Graph graph, Tensor x, Tensor edgeAttr) {
        Pass p = pass(graph, x, edgeAttr);
        Tensor alpha = Dropout.apply(p.alpha(), dropout, isTraining(), dropoutRng);
        Tensor y = propagate(p.graph(), p.source(), null, alpha);
        if (!concat) {
            y = Heads.mean(y, heads);
        }
        return bias == null ? y : Ops.add(y, bias);
    }

    /** The attention coefficients this layer would use on {@code graph}. */
    public Attention attention(Graph graph, Tensor x, Tensor edgeAttr) {
        Pass p = pass(graph, x, edgeAttr);
        return new Attention(p.graph(), p.alpha());
    }

    private record Pass(Graph graph, Tensor source, Tensor alpha) {
    }

    private Pass pass(Graph graph, Tensor x, Tensor edgeAttr) {
        Layers.checkNodes("GATv2Conv", graph, x, in);
        Layers.checkEdges("GATv2Conv", graph, edgeAttr, edgeDim);
        Graph g = graph;
        Tensor e = edgeAttr;
        if (addSelfLoops) {
            SelfLoops loops = SelfLoops.of(graph);
            g = loops.graph();
            e = e == null ? null : loops.edgeAttr(e);
        }
        Csr adjacency = g.adjacency();
        Tensor xl = linL.forward(x);
        Tensor xr = linR == linL ? xl : linR.forward(x);
        Tensor pre = Ops.add(atSenders(adjacency, xl), atReceivers(adjacency, xr));
        if (e != null) {
            pre = Ops.add(pre, linEdge.forward(e));
        }
        Tensor scores = Heads.dot(Activations.leakyRelu(pre, negativeSlope), att);
        return new Pass(g, xl, Sparse.segmentSoftmax(scores, adjacency.rows()));
    }

    @Override
    protected Tensor message(Messages m) {
        return Ops.mul(m.xJ(), Heads.repeat(m.edgeWeight(), heads, channels));
    }

    @Override
    protected Tensor fusedPropagate(Graph graph, Tensor source, Tensor edgeAttr, Tensor alpha) {
        return Sparse.weightedSum(graph.adjacency(), alpha, source);
    }

    /** Options of a {@link GATv2Conv}. */
    public static final class Builder {
        private final int in;
        private final int out;
        private int heads = 1;
        private boolean concat = true;
        private double negativeSlope = 0.2;
        private double dropout;
        private boolean addSelfLoops = true;
        private int edgeDim;
        private boolean bias = true;
        private boolean shareWeights;
        private long seed;
        private DataType dtype = Init.DEFAULT_DTYPE;

        private Builder(int in, int out) {
            Layers.checkPositive("GATv2Conv input width", in);
            Layers.checkPositive("GATv2Conv output width per head", out);
            this.in = in;
            this.out = out;
        }

        public Builder heads(int h) {
            Layers.checkPositive("GATv2Conv heads", h);
            this.heads = h;
            return this;
        }

        public Builder concat(boolean on) {
            this.concat = on;
            return this;
        }

        public Builder negativeSlope(double slope) {
            this.negativeSlope = slope;
            return this;
        }

        public Builder dropout(double p) {
            Layers.checkProbability("GATv2Conv attention dropout", p);
            this.dropout = p;
            return this;
        }

        public Builder addSelfLoops(boolean on) {
            this.addSelfLoops = on;
            return this;
        }

        public Builder edgeDim(int d) {
            if (d < 0) {
                throw new IllegalArgumentException("GATv2Conv edge width must be non-negative, got " + d);
            }
            this.edgeDim = d;
            return this;
        }

        public Builder bias(boolean on) {
            this.bias = on;
            return this;
        }

        /** One transform for senders and receivers ({@code W_l = W_r}). */
        public Builder shareWeights(boolean on) {
            this.shareWeights = on;
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

        public GATv2Conv build() {
            return new GATv2Conv(this);
        }
    }
}
