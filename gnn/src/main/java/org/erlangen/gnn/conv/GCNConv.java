package org.erlangen.gnn.conv;

import java.util.random.RandomGenerator;
import org.erlangen.graph.Graph;
import org.erlangen.nn.Init;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Graph convolution of Kipf and Welling (2017): {@code H' = D^-1/2 (A + I) D^-1/2 H W + b}. The graph must carry its
 * self loops ({@link Graph#withSelfLoops()}). The feature transform runs first, so the sparse product works on the
 * narrower width, and the product is one fused sparse-dense pass with the normalisation as edge weights.
 */
public final class GCNConv extends Module {
    private final Tensor weight;
    private final Tensor bias;

    public GCNConv(int in, int out, RandomGenerator random) {
        this(in, out, true, random, DataType.FLOAT);
    }

    public GCNConv(int in, int out, boolean useBias, RandomGenerator random, DataType dtype) {
        weight = parameter("weight", Init.glorotUniform(in, out, random, dtype));
        bias = useBias ? parameter("bias", Init.zeros(dtype, out)) : null;
    }

    public Tensor forward(Graph graph, Tensor x) {
        Tensor h = Ops.matmul(x, weight);
        Tensor norm = Tensor.constant(GcnNorm.edgeWeights(graph, x.dtype()));
        Tensor y = Sparse.spmm(graph.adjacency(), norm, h);
        return bias == null ? y : Ops.add(y, bias);
    }
}
