package org.erlangen.gnn.attention;

import java.util.Arrays;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;

/**
 * Scaled dot-product attention over a sparse pattern, with several heads: for each query row {@code i} and head
 * {@code h}, {@code out[i, h] = sum_j softmax_j(<q_i, k_j> / sqrt(d)) v_j} over the keys {@code j} in row {@code i} of
 * the pattern, where {@code d} is the width of one head. Nothing is padded: a batch of sets of different sizes costs
 * the sum of their squared sizes. A query with no keys gets zeros.
 */
public final class Attention {
    private Attention() {
    }

    /** {@code q [Nq, H*d]}, {@code k, v [Nk, H*d]} (heads side by side), pattern {@code Nq x Nk}: {@code [Nq, H*d]}. */
    public static Tensor attend(Tensor q, Tensor k, Tensor v, Csr pattern, int heads) {
        if (v.rows() != k.rows() || v.rank() != 2 || v.size(1) != k.size(1)) {
            throw new IllegalArgumentException("values must have the keys' shape " + Arrays.toString(
                    k.shape()) + ", got " + Arrays.toString(v.shape()));
        }
        return aggregate(pattern, weights(q, k, pattern, heads), v, heads);
    }

    /**
     * The attention weights, {@code [entries, heads]}: each head's weights sum to 1 over the keys of each query. The
     * scores are the per-head dot products on the pattern's entries ({@link Sparse#edgeDot}), computed without the
     * {@code [entries, H*d]} copies that gathering both sides would make.
     */
    public static Tensor weights(Tensor q, Tensor k, Csr pattern, int heads) {
        check(q, k, pattern, heads);
        double scale = 1.0 / Math.sqrt(q.size(1) / (double) heads);
        Tensor scores = Ops.mul(Sparse.edgeDot(pattern, q, k, heads), scale);
        return Sparse.segmentSoftmax(scores, pattern.rows());
    }

    /** {@code out[i, head h] = sum over entries e of row i of weights[e, h] v[col e, head h]}: one spmm per head. */
    public static Tensor aggregate(Csr pattern, Tensor weights, Tensor v, int heads) {
        if (weights.rank() != 2 || weights.rows() != pattern.entryCount() || weights.size(1) != heads) {
            throw new IllegalArgumentException("attention weights must be [" + pattern.entryCount() + ", " + heads
                    + "], got " + Arrays.toString(weights.shape()));
        }
        if (heads == 1) {
            return Sparse.spmm(pattern, weights, v);
        }
        long d = v.size(1) / heads;
        Tensor[] parts = new Tensor[heads];
        for (int h = 0; h < heads; h++) {
            Tensor wh = Shapes.slice(weights, 1, h, h + 1);
            Tensor vh = Shapes.slice(v, 1, h * d, (h + 1) * d);
            parts[h] = Sparse.spmm(pattern, wh, vh);
        }
        return Shapes.concat(1, parts);
    }

    private static void check(Tensor q, Tensor k, Csr pattern, int heads) {
        if (q.rank() != 2 || k.rank() != 2) {
            throw new IllegalArgumentException("queries and keys must be matrices, shapes are "
                    + Arrays.toString(q.shape()) + " and " + Arrays.toString(k.shape()));
        }
        if (q.size(1) != k.size(1)) {
            throw new IllegalArgumentException("queries have width " + q.size(1) + " but keys have " + k.size(1));
        }
        if (heads < 1 || q.size(1) % heads != 0) {
            throw new IllegalArgumentException("width " + q.size(1) + " does not split into " + heads + " heads");
        }
        if (q.rows() != pattern.rowCount() || k.rows() != pattern.colCount()) {
            throw new IllegalArgumentException("pattern is " + pattern.rowCount() + " queries x "
                    + pattern.colCount() + " keys, inputs have " + q.rows() + " queries and " + k.rows() + " keys");
        }
        if (q.dtype() != k.dtype()) {
            throw new IllegalArgumentException("queries are " + q.dtype() + " but keys are " + k.dtype());
        }
    }
}
