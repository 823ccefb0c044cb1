package org.erlangen.gnn.sets;

import java.util.Random;
import org.erlangen.gnn.attention.AttentionPatterns;
import org.erlangen.nn.Init;
import org.erlangen.nn.Linear;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Pooling by multihead attention, {@code PMA_k(Z) = MAB(S, rFF(Z))}: {@code k} trained seed vectors attend to the
 * elements of each set, giving {@code k} rows per set, invariant to the order of the elements. The row-wise
 * feed-forward {@code rFF} is a linear map with ReLU, as in the paper (the authors' code leaves it out).
 */
public final class PMA extends Module {
    private final int k;
    private final Tensor seeds;
    private final Linear feedForward;
    private final MAB mab;

    public PMA(int dim, int heads, int k, Random random, DataType dtype) {
        if (k < 1) {
            throw new IllegalArgumentException("PMA needs at least one seed, got " + k);
        }
        this.k = k;
        seeds = parameter("seeds", Init.glorotUniform(k, dim, random, dtype));
        feedForward = child("feedForward", new Linear(dim, dim, true, Init.Scheme.GLOROT_UNIFORM, random, dtype));
        mab = child("mab", new MAB(dim, dim, dim, heads, random, dtype));
    }

    /** {@code z [N, dim]} with its sets; gives {@code [B * k, dim]}, seed j of set b in row {@code b * k + j}. */
    public Tensor forward(Tensor z, AttentionPatterns sets) {
        Tensor s = Sparse.indexSelect(seeds, sets.seedIndex(k));
        return mab.forward(s, Activations.relu(feedForward.forward(z)), sets.seedsToElements(k));
    }
}
