package org.erlangen.gnn.sets;

import java.util.Random;
import org.erlangen.gnn.attention.AttentionPatterns;
import org.erlangen.nn.Init;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Induced set attention block: {@code ISAB(X) = MAB(X, H)} with {@code H = MAB(I, X)}, where {@code I} are {@code m}
 * trained inducing points shared by all sets. Costs {@code O(n m)} per set instead of {@code O(n^2)}.
 */
public final class ISAB extends Module {
    private final int m;
    private final Tensor inducing;
    private final MAB toInducing;
    private final MAB fromInducing;

    public ISAB(int in, int dim, int heads, int m, Random random, DataType dtype) {
        if (m < 1) {
            throw new IllegalArgumentException("ISAB needs at least one inducing point, got " + m);
        }
        this.m = m;
        inducing = parameter("inducing", Init.glorotUniform(m, dim, random, dtype));
        toInducing = child("toInducing", new MAB(dim, in, dim, heads, random, dtype));
        fromInducing = child("fromInducing", new MAB(in, dim, dim, heads, random, dtype));
    }

    /** {@code x [N, in]} with its sets; gives {@code [N, dim]}. */
    public Tensor forward(Tensor x, AttentionPatterns sets) {
        Tensor seeds = Sparse.indexSelect(inducing, sets.seedIndex(m));
        Tensor h = toInducing.forward(seeds, x, sets.seedsToElements(m));
        return fromInducing.forward(x, h, sets.elementsToSeeds(m));
    }
}
