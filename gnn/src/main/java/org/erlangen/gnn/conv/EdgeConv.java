package org.erlangen.gnn.conv;

import org.erlangen.gnn.aggr.Aggregation;
import org.erlangen.gnn.aggr.MaxAggregation;
import org.erlangen.graph.Graph;
import org.erlangen.nn.Layer;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;

/**
 * The edge convolution of DGCNN (Wang et al., 2019) as PyTorch Geometric's {@code EdgeConv}:
 * {@code x'_i = max_j h([x_i, x_j - x_i])} with {@code h} a network (child {@code nn}) applied to every edge; its
 * input width is twice the node feature width. Max aggregation by default.
 */
public final class EdgeConv extends MessagePassing implements GraphLayer {
    private final Layer nn;

    public <N extends Module & Layer> EdgeConv(N nn) {
        this(nn, new MaxAggregation());
    }

    public <N extends Module & Layer> EdgeConv(N nn, Aggregation aggregation) {
        super(aggregation);
        this.nn = child("nn", nn);
    }

    @Override
    public Tensor forward(Graph graph, Tensor x) {
        return propagate(graph, x);
    }

    @Override
    protected Tensor message(Messages m) {
        return nn.forward(Shapes.concat(1, m.xI(), Ops.sub(m.xJ(), m.xI())));
    }
}
