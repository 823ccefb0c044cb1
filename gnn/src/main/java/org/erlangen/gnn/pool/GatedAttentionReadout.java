package org.erlangen.gnn.pool;

import java.util.Arrays;
import java.util.Objects;
import org.erlangen.graph.GraphBatch;
import org.erlangen.nn.Layer;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;

/**
 * Soft attention readout of gated graph sequence networks (Li et al. 2016; PyTorch Geometric's
 * {@code AttentionalAggregation}): {@code r_b = sum over nodes i of graph b of softmax_i(gate(x_i)) nn(x_i)}, the
 * softmax taken over the nodes of each graph. The gate gives one score per node ({@code [N, 1]}) or one per feature
 * of {@code nn}'s output ({@code [N, F]}); without {@code nn} the features are summed as they are.
 */
public final class GatedAttentionReadout extends Module {
    private final Layer gate;
    private final Layer transform;

    /** {@code nn} may be null. */
    public <G extends Module & Layer, T extends Module & Layer> GatedAttentionReadout(G gateNn, T nn) {
        this.gate = child("gateNn", Objects.requireNonNull(gateNn, "gateNn"));
        this.transform = nn == null ? null : child("nn", nn);
    }

    public Tensor forward(Tensor x, Segments graphs) {
        Tensor scores = gate.forward(x);
        Tensor values = transform == null ? x : transform.forward(x);
        if (scores.rank() != 2 || scores.rows() != x.rows()
                || (scores.size(1) != 1 && scores.size(1) != values.size(1))) {
            throw new IllegalArgumentException("the gate must give [" + x.rows() + ", 1] or [" + x.rows() + ", "
                    + values.size(1) + "], got " + Arrays.toString(scores.shape()));
        }
        Tensor weights = Sparse.segmentSoftmax(scores, graphs);
        return Sparse.segmentSum(Ops.mul(weights, values), graphs);
    }

    public Tensor forward(Tensor x, GraphBatch batch) {
        return forward(x, batch.nodesPerGraph());
    }
}
