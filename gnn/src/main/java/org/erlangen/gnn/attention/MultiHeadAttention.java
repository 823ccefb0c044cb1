package org.erlangen.gnn.attention;

import java.util.Random;
import org.erlangen.nn.Init;
import org.erlangen.nn.Linear;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Csr;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Multi-head attention as PyTorch's {@code nn.MultiheadAttention}: queries, keys and values are projected to
 * {@code dim}, split into {@code heads} heads of width {@code dim / heads}, attended over the pattern
 * ({@link Attention#attend}) and projected once more. Self-attention passes the same rows as queries and keys. Unlike
 * PyTorch there is no key bias, which cannot change the output.
 */
public final class MultiHeadAttention extends Module {
    private final int heads;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear out;

    public MultiHeadAttention(int queryDim, int keyDim, int dim, int heads, Random random, DataType dtype) {
        if (heads < 1 || dim % heads != 0) {
            throw new IllegalArgumentException("attention width " + dim + " does not split into " + heads + " heads");
        }
        this.heads = heads;
        query = child("query", new Linear(queryDim, dim, true, Init.Scheme.GLOROT_UNIFORM, random, dtype));
        // no key bias: it adds the same <q, b> to every score of a query, which the softmax cancels
        key = child("key", new Linear(keyDim, dim, false, Init.Scheme.GLOROT_UNIFORM, random, dtype));
        value = child("value", new Linear(keyDim, dim, true, Init.Scheme.GLOROT_UNIFORM, random, dtype));
        out = child("out", new Linear(dim, dim, true, Init.Scheme.GLOROT_UNIFORM, random, dtype));
    }

    /** Queries {@code [Nq, queryDim]} attend to keys {@code [Nk, keyDim]} over {@code pattern} ({@code Nq x Nk}). */
    public Tensor forward(Tensor queries, Tensor keys, Csr pattern) {
        Tensor q = query.forward(queries);
        Tensor k = key.forward(keys);
        Tensor v = value.forward(keys);
        return out.forward(Attention.attend(q, k, v, pattern, heads));
    }

    public int heads() {
        return heads;
    }
}
