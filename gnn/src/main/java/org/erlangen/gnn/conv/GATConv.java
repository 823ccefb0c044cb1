package org.erlangen.gnn.conv;

import org.erlangen.nn.Linear;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;

/**
 * Graph attention (Velickovic et al., 2018) as PyTorch Geometric's {@code GATConv}. With {@code h = x W} split into
 * heads, the score of edge {@code j -> i} in head {@code k} is
 * {@code LeakyReLU(a_src . h_j + a_dst . h_i + a_edge . W_e e_ji)}, normalised by a softmax over the edges into
 * {@code i}; the output is {@code sum_j alpha_ij h_j} per head, the heads concatenated or averaged, plus a bias
 * (the rest is {@link AttentionConv}'s). Self loops are added by default (existing ones are replaced; a new loop's
 * edge features are the mean of the node's incoming ones).
 *
 * <p>Speed: the per-node scores {@code a_src . h} and {@code a_dst . h} are computed once per node and gathered as
 * {@code [E, heads]}. Parameters: {@code lin.weight}, {@code att_src}, {@code att_dst} ({@code [1, heads, C]}),
 * {@code lin_edge.weight}, {@code att_edge}, {@code bias}.
 */
public final class GATConv extends AttentionConv {
    private final double negativeSlope;
    private final Linear lin;
    private final Tensor attSrc;
    private final Tensor attDst;
    private final Tensor attEdge;

    private GATConv(Builder b) {
        super(b.settings());
        this.negativeSlope = b.negativeSlope;
        this.lin = addProjection("lin", false);
        this.attSrc = addHeadVector("att_src");
        this.attDst = addHeadVector("att_dst");
        addEdgeProjection();
        this.attEdge = settings().edgeDim() > 0 ? addHeadVector("att_edge") : null;
        addOutput();
    }

    /** One head, concatenated, LeakyReLU slope 0.2, no dropout, self loops, no edge features, bias, float32, seed 0. */
    public static Builder builder(int in, int out) {
        return new Builder(in, out);
    }

    @Override
    protected Projection project(Tensor x) {
        return Projection.of(lin.forward(x));
    }

    @Override
    protected Tensor score(Edges edges) {
        Tensor h = edges.keys();
        Tensor scores = Ops.add(edges.atSenders(Heads.dot(h, attSrc)), edges.atReceivers(Heads.dot(h, attDst)));
        if (edges.features() != null) {
            scores = Ops.add(scores, Heads.dot(edges.features(), attEdge));
        }
        return Activations.leakyRelu(scores, negativeSlope);
    }

    /** Options of a {@link GATConv}. */
    public static final class Builder extends AttentionConv.Builder<Builder> {
        private double negativeSlope = 0.2;

        private Builder(int in, int out) {
            super("GATConv", in, out);
            addSelfLoops(true);
        }

        public Builder negativeSlope(double slope) {
            this.negativeSlope = slope;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        public GATConv build() {
            return new GATConv(this);
        }
    }
}
