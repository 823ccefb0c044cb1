package org.erlangen.gnn.conv;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.erlangen.gnn.aggr.Aggregation;
import org.erlangen.gnn.aggr.MeanAggregation;
import org.erlangen.gnn.aggr.SumAggregation;
import org.erlangen.graph.Graph;
import org.erlangen.sparse.Csr;
import org.erlangen.nn.Init;
import org.erlangen.nn.Linear;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * GraphSAGE (Hamilton et al., 2017) as PyTorch Geometric's {@code SAGEConv}:
 * {@code x'_i = W_l aggr_j(x_j) + W_r x_i}, optionally L2-normalised. With {@code project} the senders' features
 * first pass through {@code ReLU(W x + b)}, which with max aggregation is the paper's max-pool aggregator. Parameters
 * {@code lin_l.*} (with bias), {@code lin_r.weight}, {@code lin.*} (projection).
 *
 * <p>For sum and mean, when the output is narrower than the input, {@code W_l} is applied to the node features before
 * they are gathered (the aggregation commutes with it), and the aggregation is one sparse-dense product.
 */
public final class SAGEConv extends MessagePassing implements TargetedLayer, PooledLayer {
    private final int in;
    private final int out;
    private final boolean normalize;
    private final Linear linL;
    private final Linear linR;
    private final Linear project;

    private SAGEConv(Builder b) {
        super(b.aggregation);
        this.in = b.in;
        this.out = b.out;
        this.normalize = b.normalize;
        var rng = new SplittableRandom(b.seed);
        var scheme = Init.Scheme.GLOROT_UNIFORM;
        this.project = b.project ? child("lin", new Linear(in, in, true, scheme, rng, b.dtype)) : null;
        this.linL = child("lin_l", new Linear(b.aggregation.outputWidth(in), out, b.bias, scheme, rng, b.dtype));
        this.linR = b.rootWeight ? child("lin_r", new Linear(in, out, false, scheme, rng, b.dtype)) : null;
    }

    /** Mean aggregation, root weight, bias, no projection, no normalisation, float32, seed 0. */
    public static Builder builder(int in, int out) {
        return new Builder(in, out);
    }

    @Override
    public Tensor forward(Graph graph, Tensor x) {
        return forward(graph, x, graph.numNodes(), false);
    }

    /**
     * The first {@code targets} rows of {@link #forward}, aggregating over the receivers among them only, with the
     * root weight on their own rows: the transforms run on {@code targets} rows, not on every node the graph holds.
     */
    @Override
    public Tensor forward(Graph graph, Tensor x, int targets) {
        return forward(graph, x, targets, false);
    }

    /** With {@code relu}, the ReLU applied in the same pass as the root and bias sums. */
    @Override
    public Tensor forward(Graph graph, Tensor x, int targets, boolean relu) {
        Layers.checkNodes("SAGEConv", graph, x, in);
        if (targets == graph.numNodes()) {
            return combine(x, source -> propagate(graph, source), relu);
        }
        if (!aggregation().isLinear() || !isFused()) {
            Tensor y = Shapes.slice(forward(graph, x), 0, 0, targets);
            return relu ? Activations.relu(y) : y;
        }
        Csr receivers = graph.adjacency().firstRows(targets);
        if (receivers.entryCount() != graph.numEdges()) {
            throw new IllegalArgumentException("SAGEConv: " + (graph.numEdges() - receivers.entryCount())
                    + " edges go into nodes past the first " + targets);
        }
        return combine(x, source -> aggregation().aggregateNeighbors(receivers, null, source), relu);
    }

    /** Mean or sum over the senders' own rows; none with a projection or another aggregation. */
    @Override
    public Pooling pooling() {
        if (project != null) {
            return null;
        }
        return aggregation() instanceof MeanAggregation ? Pooling.MEAN
                : aggregation() instanceof SumAggregation ? Pooling.SUM : null;
    }

    /** With an output narrower than the input, {@code W_l x}: it commutes with sum and mean. */
    @Override
    public Tensor message(Tensor x) {
        requirePooling();
        return transformsFirst() ? Ops.matmul(x, linL.weight()) : x;
    }

    @Override
    public Tensor forwardPooled(Tensor pooled, Tensor own) {
        requirePooling();
        return output(pooled, transformsFirst() ? null : linL.weight(), own, false);
    }

    private void requirePooling() {
        if (pooling() == null) {
            throw new IllegalStateException("SAGEConv with " + (project != null ? "a projection" : "aggregation "
                    + aggregation().getClass().getSimpleName()) + " does not pool its inputs' rows");
        }
    }

    /** Whether {@code W_l} runs before a linear aggregation: when the output is narrower than the input. */
    private boolean transformsFirst() {
        return aggregation().isLinear() && aggregation().outputWidth(in) == in && out < in;
    }

    /**
     * {@code W_l aggregate(x_j) + W_r x_i} for the receivers, as many first nodes as {@code aggregate} gives rows.
     * For sum and mean, when the output is narrower than the input, {@code W_l} runs before the aggregation (it
     * commutes with it).
     */
    private Tensor combine(Tensor x, UnaryOperator<Tensor> aggregate, boolean relu) {
        Tensor source = project == null ? x : Activations.relu(project.forward(x));
        if (transformsFirst()) {
            return output(aggregate.apply(Ops.matmul(source, linL.weight())), null, x, relu);
        }
        return output(aggregate.apply(source), linL.weight(), x, relu);
    }

    /**
     * {@code aggregated W + b + W_r x_i} ({@code W} null when the aggregated rows are already transformed) for the
     * receivers, the first rows of {@code x}; L2-normalised when asked, then a ReLU when {@code relu}.
     */
    private Tensor output(Tensor aggregated, Tensor weight, Tensor x, boolean relu) {
        if (linR != null && !normalize) {
            return Ops.linearWithRoot(aggregated, weight, x, linR.weight(), linL.bias(), relu);
        }
        Tensor y = weight == null ? aggregated : Ops.linear(aggregated, weight, linL.bias());
        if (weight == null && linL.bias() != null) {
            y = Ops.add(y, linL.bias());
        }
        if (linR != null) {
            long n = y.rows();
            y = Ops.add(y, linR.forward(x.rows() == n ? x : Shapes.slice(x, 0, 0, n)));
        }
        y = normalize ? l2Normalize(y) : y;
        return relu ? Activations.relu(y) : y;
    }

    @Override
    protected Tensor message(Messages m) {
        return m.xJ();
    }

    @Override
    protected Tensor fusedPropagate(Graph graph, Tensor x, Tensor edgeAttr, Tensor edgeWeight) {
        return aggregation().isLinear() ? aggregation().aggregateNeighbors(graph.adjacency(), null, x) : null;
    }

    /** Each row divided by its Euclidean norm (at least 1e-12), as {@code F.normalize(p=2, dim=-1)}. */
    static Tensor l2Normalize(Tensor x) {
        INDArray norms = Transforms.max(x.data().norm2(1).reshape(x.rows(), 1), 1e-12, false);
        INDArray small = x.data().norm2(1).reshape(x.rows(), 1).gt(1e-12).castTo(x.dtype());
        INDArray y = x.data().divColumnVector(norms);
        return Tensor.result(y, g -> {
            // rows above the floor: (g - y (y . g)) / n; rows at the floor divide by the constant 1e-12
            INDArray dot = y.mul(g).sum(true, 1).muli(small);
            x.accumulateOwned(g.sub(y.mulColumnVector(dot)).diviColumnVector(norms));
        }, x);
    }

    /** Options of a {@link SAGEConv}. */
    public static final class Builder {
        private final int in;
        private final int out;
        private Aggregation aggregation = new MeanAggregation();
        private boolean normalize;
        private boolean rootWeight = true;
        private boolean project;
        private boolean bias = true;
        private long seed;
        private DataType dtype = Init.DEFAULT_DTYPE;

        private Builder(int in, int out) {
            Layers.checkPositive("SAGEConv input width", in);
            Layers.checkPositive("SAGEConv output width", out);
            this.in = in;
            this.out = out;
        }

        public Builder aggregation(Aggregation a) {
            this.aggregation = a;
            return this;
        }

        public Builder normalize(boolean on) {
            this.normalize = on;
            return this;
        }

        public Builder rootWeight(boolean on) {
            this.rootWeight = on;
            return this;
        }

        /** {@code ReLU(W x + b)} on the senders' features before aggregation (max-pool GraphSAGE with max). */
        public Builder project(boolean on) {
            this.project = on;
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

        public SAGEConv build() {
            return new SAGEConv(this);
        }
    }
}
