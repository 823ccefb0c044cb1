package org.erlangen.gnn.conv;

import org.erlangen.nn.Linear;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;

/**
 * GATv2 (Brody et al., 2022) as PyTorch Geometric's {@code GATv2Conv}: the score of edge {@code j -> i} in head
 * {@code k} is {@code a . LeakyReLU(W_l x_j + W_r x_i + W_e e_ji)}, so the ranking of neighbours depends on the
 * receiver ("dynamic" attention); the output is {@code sum_j alpha_ij W_l x_j} per head, concatenated or averaged,
 * plus a bias (the rest is {@link AttentionConv}'s). Self loops as in {@link GATConv}. The transforms run per node;
 * only their sum is per edge ({@code [E, heads * C]}). Parameters: {@code lin_l.*}, {@code lin_r.*} (absent when
 * weights are shared), {@code att} ({@code [1, heads, C]}), {@code lin_edge.weight}, {@code bias}.
 */
public final class GATv2Conv extends AttentionConv {
    private final double negativeSlope;
    private final Linear linL;
    private final Linear linR;
    private final Tensor att;

    private GATv2Conv(Builder b) {
        super(b.settings());
        this.negativeSlope = b.negativeSlope;
        boolean bias = settings().bias();
        this.linL = addProjection("lin_l", bias);
        this.linR = b.shareWeights ? linL : addProjection("lin_r", bias);
        this.att = addHeadVector("att");
        addEdgeProjection();
        addOutput();
    }

    /** One head, concatenated, slope 0.2, no dropout, self loops, no edge features, bias, separate W_l and W_r. */
    public static Builder builder(int in, int out) {
        return new Builder(in, out);
    }

    /** Values and keys {@code W_l x}, queries {@code W_r x}. */
    @Override
    protected Projection project(Tensor x) {
        Tensor xl = linL.forward(x);
        return new Projection(xl, xl, linR == linL ? xl : linR.forward(x));
    }

    @Override
    protected Tensor score(Edges edges) {
        Tensor pre = Ops.add(edges.atSenders(edges.keys()), edges.atReceivers(edges.queries()));
        if (edges.features() != null) {
            pre = Ops.add(pre, edges.features());
        }
        return Heads.dot(Activations.leakyRelu(pre, negativeSlope), att);
    }

    /** Options of a {@link GATv2Conv}. */
    public static final class Builder extends AttentionConv.Builder<Builder> {
        private double negativeSlope = 0.2;
        private boolean shareWeights;

        private Builder(int in, int out) {
            super("GATv2Conv", in, out);
            addSelfLoops(true);
        }

        public Builder negativeSlope(double slope) {
            this.negativeSlope = slope;
            return this;
        }

        /** One transform for senders and receivers ({@code W_l = W_r}). */
        public Builder shareWeights(boolean on) {
            this.shareWeights = on;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        public GATv2Conv build() {
            return new GATv2Conv(this);
        }
    }
}
