package org.erlangen.gnn.conv;

import org.erlangen.gnn.aggr.SumAggregation;
import org.erlangen.graph.Graph;
import org.erlangen.nn.Init;
import org.erlangen.nn.Layer;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The graph isomorphism network layer (Xu et al., 2019): {@code x'_i = nn((1 + eps) x_i + sum_j x_j)}. The sum is one
 * sparse-dense product. {@code eps} is a buffer, or with {@code trainEps} a parameter (both named {@code eps}, as in
 * PyTorch Geometric); {@code nn} is the child {@code nn}.
 */
public final class GINConv extends MessagePassing implements PooledLayer {
    private final Layer nn;
    private final double fixedEps;
    private final Tensor eps;

    /** Fixed {@code eps = 0}. */
    public <N extends Module & Layer> GINConv(N nn) {
        this(nn, 0.0, false);
    }

    /** {@code eps} starts at the given value and is trained when {@code trainEps}. */
    public <N extends Module & Layer> GINConv(N nn, double eps, boolean trainEps) {
        super(new SumAggregation());
        this.nn = child("nn", nn);
        DataType dtype = dtypeOf(nn);
        if (trainEps) {
            this.eps = parameter("eps", Nd4j.valueArrayOf(new long[] {1}, eps, dtype));
            this.fixedEps = Double.NaN;
        } else {
            buffer("eps", Nd4j.valueArrayOf(new long[] {1}, eps, dtype));
            this.eps = null;
            this.fixedEps = eps;
        }
    }

    @Override
    public Tensor forward(Graph graph, Tensor x) {
        if (eps == null && isFused() && x.rank() == 2 && x.rows() == graph.numNodes()) {
            // a constant eps: the self term joins the neighbour sum in one sparse pass
            return nn.forward(Sparse.spmmPlusSelf(graph.adjacency(), x, 1.0 + fixedEps));
        }
        Tensor aggregated = propagate(graph, x);
        return nn.forward(Ops.add(aggregated, selfTerm(x, eps, fixedEps)));
    }

    @Override
    public Pooling pooling() {
        return Pooling.SUM;
    }

    @Override
    public Tensor forwardPooled(Tensor pooled, Tensor own) {
        return nn.forward(Ops.add(pooled, selfTerm(own, eps, fixedEps)));
    }

    @Override
    protected Tensor message(Messages m) {
        return m.xJ();
    }

    @Override
    protected Tensor fusedPropagate(Graph graph, Tensor x, Tensor edgeAttr, Tensor edgeWeight) {
        return aggregation().aggregateNeighbors(graph.adjacency(), null, x);
    }

    /** {@code (1 + eps) x}, with a trained or a fixed eps. */
    static Tensor selfTerm(Tensor x, Tensor eps, double fixedEps) {
        return eps == null ? Ops.mul(x, 1.0 + fixedEps) : Ops.mul(x, Ops.add(eps, 1.0));
    }

    /** The data type of a module's first parameter: the type its own parameters should share. */
    static DataType dtypeOf(Module m) {
        var params = m.parameters();
        return params.isEmpty() ? Init.DEFAULT_DTYPE : params.get(0).dtype();
    }
}
