package org.erlangen.gnn.conv;

import java.util.SplittableRandom;
import org.erlangen.gnn.aggr.SumAggregation;
import org.erlangen.graph.Graph;
import org.erlangen.nn.Init;
import org.erlangen.nn.Layer;
import org.erlangen.nn.Linear;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GIN with edge features (Hu et al., 2020; PyTorch Geometric's {@code GINEConv}):
 * {@code x'_i = nn((1 + eps) x_i + sum_j ReLU(x_j + e_ji))}. Edge features must have the node features' width, or
 * are first mapped to it by the linear layer {@code lin} when built with an edge width.
 */
public final class GINEConv extends MessagePassing implements GraphLayer {
    private final Layer nn;
    private final int in;
    private final int edgeDim;
    private final Linear lin;
    private final double fixedEps;
    private final Tensor eps;

    /**
     * @param in node feature width
     * @param edgeDim edge feature width; when it differs from {@code in} a linear map {@code lin} brings the edge
     *     features to width {@code in} (0 means "same as in", no map)
     */
    public <N extends Module & Layer> GINEConv(N nn, int in, int edgeDim, double eps, boolean trainEps, long seed) {
        super(new SumAggregation());
        Layers.checkPositive("GINEConv input width", in);
        if (edgeDim < 0) {
            throw new IllegalArgumentException("GINEConv edge width must be non-negative, got " + edgeDim);
        }
        this.nn = child("nn", nn);
        this.in = in;
        var dtype = GINConv.dtypeOf(nn);
        if (trainEps) {
            this.eps = parameter("eps", Nd4j.valueArrayOf(new long[] {1}, eps, dtype));
            this.fixedEps = Double.NaN;
        } else {
            buffer("eps", Nd4j.valueArrayOf(new long[] {1}, eps, dtype));
            this.eps = null;
            this.fixedEps = eps;
        }
        this.edgeDim = edgeDim == 0 ? in : edgeDim;
        this.lin = edgeDim == 0 ? null : child("lin", new Linear(edgeDim, in, true, Init.Scheme.GLOROT_UNIFORM,
                new SplittableRandom(seed), dtype));
    }

    /** Reads the graph's own edge features. */
    @Override
    public Tensor forward(Graph graph, Tensor x) {
        return forward(graph, x, Layers.graphEdges("GINEConv", graph, edgeDim, x.dtype()));
    }

    public Tensor forward(Graph graph, Tensor x, Tensor edgeAttr) {
        Layers.checkNodes("GINEConv", graph, x, in);
        Layers.checkEdges("GINEConv", graph, edgeAttr, edgeDim);
        Tensor e = lin == null ? edgeAttr : lin.forward(edgeAttr);
        Tensor aggregated = propagate(graph, x, e, null);
        return nn.forward(Ops.add(aggregated, GINConv.selfTerm(x, eps, fixedEps)));
    }

    @Override
    protected Tensor message(Messages m) {
        return Activations.relu(Ops.add(m.xJ(), m.edgeAttr()));
    }
}
