package org.erlangen.gnn.conv;

import org.erlangen.nn.Linear;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;

/**
 * The graph transformer layer of Shi et al. (2021) as PyTorch Geometric's {@code TransformerConv}: per head,
 * {@code alpha_ij = softmax_j((W_q x_i) . (W_k x_j + W_e e_ji) / sqrt(C))} over the edges into {@code i}, and
 * {@code x'_i = sum_j alpha_ij (W_v x_j + W_e e_ji)}; heads concatenated or averaged. With the root weight (on by
 * default) the result is {@code x'_i + W_s x_i}, or with {@code beta} the gated
 * {@code beta_i W_s x_i + (1 - beta_i) x'_i} (the rest is {@link AttentionConv}'s). The bias is that of
 * {@code W_s}: without the root weight there is none, as in PyTorch Geometric. No self loops are added by default.
 *
 * <p>Queries, keys and values are computed per node and the scores are one fused per-head dot product over the edges
 * ({@link Edges#dot}), so without edge features nothing of size {@code [E, heads * C]} is built. Parameters:
 * {@code lin_key.*}, {@code lin_query.*}, {@code lin_value.*}, {@code lin_edge.weight}, {@code lin_skip.*},
 * {@code lin_beta.weight}.
 */
public final class TransformerConv extends AttentionConv {
    private final Linear linKey;
    private final Linear linQuery;
    private final Linear linValue;

    private TransformerConv(Builder b) {
        super(biasInRootWeight(b.settings()));
        this.linKey = addProjection("lin_key", true);
        this.linQuery = addProjection("lin_query", true);
        this.linValue = addProjection("lin_value", true);
        addEdgeProjection();
        addOutput();
    }

    /** As in PyTorch Geometric, the bias is that of the root weight: without one there is none. */
    private static Settings biasInRootWeight(Settings s) {
        return s.rootWeight() ? s : s.withoutBias();
    }

    /** One head, concatenated, root weight without beta, no dropout, no edge features, bias, float32, seed 0. */
    public static Builder builder(int in, int out) {
        return new Builder(in, out);
    }

    @Override
    protected Projection project(Tensor x) {
        return new Projection(linValue.forward(x), linKey.forward(x), linQuery.forward(x));
    }

    @Override
    protected Tensor score(Edges edges) {
        Tensor scores = edges.dot(edges.queries(), edges.keys());
        if (edges.features() != null) {
            // q_i . (k_j + e_ji) = q_i . k_j + q_i . e_ji
            Tensor edgeTerm = Ops.mul(edges.atReceivers(edges.queries()), edges.features());
            scores = Ops.add(scores, Heads.sum(edgeTerm, edges.heads()));
        }
        return Ops.mul(scores, 1.0 / Math.sqrt(settings().out()));
    }

    /** The projected edge features join the values: {@code W_v x_j + W_e e_ji}. */
    @Override
    protected Tensor edgeValues(Edges edges) {
        return edges.features();
    }

    /** Options of a {@link TransformerConv}. */
    public static final class Builder extends AttentionConv.Builder<Builder> {
        private Builder(int in, int out) {
            super("TransformerConv", in, out);
            rootWeight(true);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        public TransformerConv build() {
            return new TransformerConv(this);
        }
    }
}
