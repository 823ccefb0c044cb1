package org.erlangen.gnn.sets;

import java.util.Random;
import org.erlangen.gnn.attention.AttentionPatterns;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/** Set attention block, {@code SAB(X) = MAB(X, X)}: every element attends to all elements of its set. */
public final class SAB extends Module {
    private final MAB mab;

    public SAB(int in, int dim, int heads, Random random, DataType dtype) {
        mab = child("mab", new MAB(in, in, dim, heads, random, dtype));
    }

    /** {@code x [N, in]} with its sets; gives {@code [N, dim]}, equivariant to reordering elements within sets. */
    public Tensor forward(Tensor x, AttentionPatterns sets) {
        return mab.forward(x, x, sets.within());
    }
}
