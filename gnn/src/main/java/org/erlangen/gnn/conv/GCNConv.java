package org.erlangen.gnn.conv;

import java.util.random.RandomGenerator;
import org.erlangen.gnn.aggr.SumAggregation;
import org.erlangen.graph.Graph;
import org.erlangen.nn.Init;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Graph convolution of Kipf and Welling (2017): {@code H' = D^-1/2 (A + I) D^-1/2 H W + b}. The graph must carry its
 * self loops ({@link Graph#withSelfLoops()}). The feature transform runs first, so the sparse product works on the
 * narrower width, and the product is one fused sparse-dense pass with the normalisation as edge weights.
 */
public final class GCNConv extends MessagePassing implements PooledLayer {
    private final Tensor weight;
    private final Tensor bias;

    public GCNConv(int in, int out, RandomGenerator random) {
        this(in, out, true, random, DataType.FLOAT);
    }

    public GCNConv(int in, int out, boolean useBias, RandomGenerator random, DataType dtype) {
        super(new SumAggregation());
        weight = parameter("weight", Init.glorotUniform(in, out, random, dtype));
        bias = useBias ? parameter("bias", Init.zeros(dtype, out)) : null;
    }

    @Override
    public Tensor forward(Graph graph, Tensor x) {
        Tensor h = Ops.matmul(x, weight);
        Tensor norm = Tensor.constant(GcnNorm.edgeWeights(graph, x.dtype()));
        if (isFused()) {
            // aggregation and bias in one pass over the output
            return Sparse.spmm(graph.adjacency(), norm, h, bias);
        }
        Tensor y = propagate(graph, h, null, norm);
        return bias == null ? y : Ops.add(y, bias);
    }

    /**
     * {@code D^-1/2 (A + I) D^-1/2 x}: the normalised sum of the input rows themselves, which {@link #forward} takes
     * of {@code x W}. For inputs that stay the same from step to step it is made once ({@link #fromPooled}).
     */
    public Tensor pool(Graph graph, Tensor x) {
        return Sparse.spmm(graph.adjacency(), Tensor.constant(GcnNorm.edgeWeights(graph, x.dtype())), x);
    }

    /** The layer's output from {@link #pool pooled} input rows: {@code (A' x) W + b}, forward's {@code A' (x W) + b}. */
    public Tensor fromPooled(Tensor pooled) {
        return bias == null ? Ops.matmul(pooled, weight) : Ops.linear(pooled, weight, bias);
    }

    @Override
    public Pooling pooling() {
        return Pooling.SYMMETRIC;
    }

    /** {@code x W}: the transform commutes with the normalised sum, and narrows the rows it reads. */
    @Override
    public Tensor message(Tensor x) {
        return Ops.matmul(x, weight);
    }

    /** The normalised sum of the senders' {@link #message messages}, plus the bias. */
    @Override
    public Tensor forwardPooled(Tensor pooled, Tensor own) {
        return bias == null ? pooled : Ops.add(pooled, bias);
    }

    /** The normalised sender features: {@code norm_e x_j}. */
    @Override
    protected Tensor message(Messages m) {
        return Ops.mul(m.xJ(), Shapes.reshape(m.edgeWeight(), m.edgeCount(), 1));
    }
}
