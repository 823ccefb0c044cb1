package org.erlangen.gnn.sets;

import java.util.Random;
import org.erlangen.gnn.attention.Attention;
import org.erlangen.nn.Init;
import org.erlangen.nn.LayerNorm;
import org.erlangen.nn.Linear;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Csr;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The multihead attention block of the Set Transformer (Lee et al. 2019):
 * <pre>
 * H   = LayerNorm(Q + Multihead(Q, K, V)),  Q = X W_q, K = Y W_k, V = Y W_v
 * out = LayerNorm(H + relu(H W_o))
 * </pre>
 * As in the authors' code the residual adds the projected queries, so {@code X} may be narrower or wider than
 * {@code dim}, and the row-wise feed-forward is one linear map with ReLU. Unlike that code, scores are scaled by the
 * width of one head, {@code 1/sqrt(dim/heads)}, as in Vaswani et al. Which rows of {@code Y} each row of {@code X}
 * attends to is given by a pattern (rows of X by rows of Y), see {@link org.erlangen.gnn.attention.AttentionPatterns}.
 */
public final class MAB extends Module {
    private final int heads;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear feedForward;
    private final LayerNorm norm0;
    private final LayerNorm norm1;

    public MAB(int queryDim, int keyDim, int dim, int heads, Random random, DataType dtype) {
        if (heads < 1 || dim % heads != 0) {
            throw new IllegalArgumentException("MAB width " + dim + " does not split into " + heads + " heads");
        }
        this.heads = heads;
        query = child("query", new Linear(queryDim, dim, true, Init.Scheme.GLOROT_UNIFORM, random, dtype));
        // no key bias: it adds the same <q, b> to every score of a query, which the softmax cancels
        key = child("key", new Linear(keyDim, dim, false, Init.Scheme.GLOROT_UNIFORM, random, dtype));
        value = child("value", new Linear(keyDim, dim, true, Init.Scheme.GLOROT_UNIFORM, random, dtype));
        feedForward = child("feedForward", new Linear(dim, dim, true, Init.Scheme.GLOROT_UNIFORM, random, dtype));
        norm0 = child("norm0", new LayerNorm(dim, LayerNorm.DEFAULT_EPS, true, dtype));
        norm1 = child("norm1", new LayerNorm(dim, LayerNorm.DEFAULT_EPS, true, dtype));
    }

    /** {@code x [Nx, queryDim]} attends to {@code y [Ny, keyDim]} over {@code pattern}; gives {@code [Nx, dim]}. */
    public Tensor forward(Tensor x, Tensor y, Csr pattern) {
        Tensor q = query.forward(x);
        Tensor h = norm0.forward(Ops.add(q, Attention.attend(q, key.forward(y), value.forward(y), pattern, heads)));
        return norm1.forward(Ops.add(h, Activations.relu(feedForward.forward(h))));
    }
}
