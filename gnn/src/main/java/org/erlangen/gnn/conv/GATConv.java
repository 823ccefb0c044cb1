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
 * Graph attention (Velickovic et al., 2018) as PyTorch Geometric's {@code GATConv}. With {@code h = x W} split into
 * heads, the score of edge {@code j -> i} in head {@code k} is
 * {@code LeakyReLU(a_src . h_j + a_dst . h_i + a_edge . W_e e_ji)}, normalised by a softmax over the edges into
 * {@code i}; the output is {@code sum_j alpha_ij h_j} per head, the heads concatenated or averaged, plus a bias.
 * Self loops are added by default (existing ones are replaced; a new loop's edge features are the mean of the
 * node's incoming ones).
 *
 * <p>Speed: the per-node scores {@code a_src . h} and {@code a_dst . h} are computed once per node and gathered as
 * {@code [E, heads]}; the weighted sum is one multi-head sparse-dense product ({@link Heads#weightedSum}), so no
 * {@code [E, heads * C]} array is built. Parameters: {@code lin.weight}, {@code att_src}, {@code att_dst}
 * ({@code [1, heads, C]}), {@code lin_edge.weight}, {@code att_edge}, {@code bias}.
 */
public final class GATConv extends MessagePassing implements GraphLayer {
    private final int in;
    private final int heads;
    private final int channels;
    private final boolean concat;
    private final double negativeSlope;
    private final double dropout;
    private final boolean addSelfLoops;
    private final int edgeDim;
    private final Linear lin;
    private final Tensor attSrc;
    private final Tensor attDst;
    private final Linear linEdge;
    private final Tensor attEdge;
    private final Tensor bias;
    private final SplittableRandom dropoutRng;

    private GATConv(Builder b) {
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
        this.lin = child("lin", new Linear(in, width, false, Init.Scheme.GLOROT_UNIFORM, rng, b.dtype));
        double attBound = Math.sqrt(6.0 / (heads + channels));
        this.attSrc = parameter("att_src", Init.uniform(attBound, rng, b.dtype, 1, heads, channels));
        this.attDst = parameter("att_dst", Init.uniform(attBound, rng, b.dtype, 1, heads, channels));
        if (edgeDim > 0) {
            this.linEdge = child("lin_edge", new Linear(edgeDim, width, false, Init.Scheme.GLOROT_UNIFORM, rng,
                    b.dtype));
            this.attEdge = parameter("att_edge", Init.uniform(attBound, rng, b.dtype, 1, heads, channels));
        } else {
            this.linEdge = null;
            this.attEdge = null;
        }
        this.bias = b.bias ? parameter("bias", Init.zeros(b.dtype, concat ? width : channels)) : null;
    }

    /** One head, concatenated, LeakyReLU slope 0.2, no dropout, self loops, no edge features, bias, float32, seed 0. */
    public static Builder builder(int in, int out) {
        return new Builder(in, out);
    }

    /** Reads the graph's own edge features when built with an edge width. */
    @Override
    public Tensor forward(Graph graph, Tensor x) {
        return forward(graph, x, Layers.graphEdges("GATConv", graph, edgeDim, x.dtype()));
    }

    /** {@code [N, heads * out]} when concatenating, else {@code [N, out]}. */
    public Tensor forward(Graph graph, Tensor x, Tensor edgeAttr) {
        Pass p = pass(graph, x, edgeAttr);
        Tensor alpha = Dropout.apply(p.alpha(), dropout, isTraining(), dropoutRng);
        Tensor y = propagate(p.graph(), p.h(), null, alpha);
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

    private record Pass(Graph graph, Tensor h, Tensor alpha) {
    }

    private Pass pass(Graph graph, Tensor x, Tensor edgeAttr) {
        Layers.checkNodes("GATConv", graph, x, in);
        Layers.checkEdges("GATConv", graph, edgeAttr, edgeDim);
        Graph g = graph;
        Tensor e = edgeAttr;
        if (addSelfLoops) {
            SelfLoops loops = SelfLoops.of(graph);
            g = loops.graph();
            e = e == null ? null : loops.edgeAttr(e);
        }
        Csr adjacency = g.adjacency();
        Tensor h = lin.forward(x);
        Tensor scores = Ops.add(atSenders(adjacency, Heads.dot(h, attSrc)),
                atReceivers(adjacency, Heads.dot(h, attDst)));
        if (e != null) {
            scores = Ops.add(scores, Heads.dot(linEdge.forward(e), attEdge));
        }
        Tensor alpha = Sparse.segmentSoftmax(Activations.leakyRelu(scores, negativeSlope), adjacency.rows());
        return new Pass(g, h, alpha);
    }

    /** Sender features weighted by their head's attention. */
    @Override
    protected Tensor message(Messages m) {
        return Ops.mul(m.xJ(), Heads.repeat(m.edgeWeight(), heads, channels));
    }

    @Override
    protected Tensor fusedPropagate(Graph graph, Tensor h, Tensor edgeAttr, Tensor alpha) {
        return Sparse.weightedSum(graph.adjacency(), alpha, h);
    }

    /** Options of a {@link GATConv}. */
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
        private long seed;
        private DataType dtype = Init.DEFAULT_DTYPE;

        private Builder(int in, int out) {
            Layers.checkPositive("GATConv input width", in);
            Layers.checkPositive("GATConv output width per head", out);
            this.in = in;
            this.out = out;
        }

        public Builder heads(int h) {
            Layers.checkPositive("GATConv heads", h);
            this.heads = h;
            return this;
        }

        /** Concatenate the heads (true, the default) or average them. */
        public Builder concat(boolean on) {
            this.concat = on;
            return this;
        }

        public Builder negativeSlope(double slope) {
            this.negativeSlope = slope;
            return this;
        }

        /** Dropout on the attention coefficients, in training. */
        public Builder dropout(double p) {
            Layers.checkProbability("GATConv attention dropout", p);
            this.dropout = p;
            return this;
        }

        public Builder addSelfLoops(boolean on) {
            this.addSelfLoops = on;
            return this;
        }

        /** Width of the edge features used in the attention scores (0: none). */
        public Builder edgeDim(int d) {
            if (d < 0) {
                throw new IllegalArgumentException("GATConv edge width must be non-negative, got " + d);
            }
            this.edgeDim = d;
            return this;
        }

        public Builder bias(boolean on) {
            this.bias = on;
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

        public GATConv build() {
            return new GATConv(this);
        }
    }
}
