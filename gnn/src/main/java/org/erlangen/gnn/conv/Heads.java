package org.erlangen.gnn.conv;

import java.util.Arrays;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense multi-head arithmetic on {@code [rows, heads * channels]} features (head {@code h} in columns
 * {@code h*C .. (h+1)*C}): per-head dot products with an attention vector, sums and means over heads, per-head values
 * repeated over their channels. Each is a matrix product with a 0/1 matrix, so it runs in BLAS. The sparse
 * multi-head operations are {@link org.erlangen.sparse.Sparse#weightedSum} and
 * {@link org.erlangen.sparse.Sparse#edgeDot}.
 */
public final class Heads {
    private Heads() {
    }

    /** {@code out[r, h] = sum over c of x[r, h, c] att[h, c]}, with {@code att} {@code [1, H, C]} or {@code [H, C]}. */
    public static Tensor dot(Tensor x, Tensor att) {
        int heads = (int) att.size(att.rank() - 2);
        int channels = (int) att.size(att.rank() - 1);
        if (att.data().length() != (long) heads * channels || x.rank() != 2 || x.size(1) != (long) heads * channels) {
            throw new IllegalArgumentException("head dot of features " + Arrays.toString(x.shape())
                    + " with attention vector " + Arrays.toString(att.shape()) + ": expected [R, heads * C] with [1,"
                    + " heads, C]");
        }
        // a block-diagonal [H*C, H] matrix holding att, so the product is one matrix multiplication
        Tensor column = Shapes.reshape(att, (long) heads * channels, 1);
        Tensor blocks = Ops.mul(column, Tensor.constant(blockOnes(heads, channels, x.dtype())));
        return Ops.matmul(x, blocks);
    }

    /** Per-head sums of the channels: {@code [R, heads * C] -> [R, heads]}. */
    public static Tensor sum(Tensor x, int heads) {
        int channels = channels(x, heads, "head sum input");
        return Ops.matmul(x, Tensor.constant(blockOnes(heads, channels, x.dtype())));
    }

    /** Mean over the heads: {@code [R, heads * C] -> [R, C]}. */
    public static Tensor mean(Tensor x, int heads) {
        int channels = channels(x, heads, "head mean input");
        if (heads == 1) {
            return x;
        }
        INDArray m = Nd4j.zeros(x.dtype(), (long) heads * channels, channels);
        for (int h = 0; h < heads; h++) {
            for (int c = 0; c < channels; c++) {
                m.putScalar((long) h * channels + c, c, 1.0 / heads);
            }
        }
        return Ops.matmul(x, Tensor.constant(m));
    }

    /** Each head's value repeated over its channels: {@code [R, heads] -> [R, heads * C]}. */
    public static Tensor repeat(Tensor w, int heads, int channels) {
        if (w.rank() == 1 && heads == 1) {
            w = Shapes.reshape(w, w.size(0), 1);
        }
        if (w.rank() != 2 || w.size(1) != heads) {
            throw new IllegalArgumentException("expected per-head values [R, " + heads + "], got "
                    + Arrays.toString(w.shape()));
        }
        return Ops.matmul(w, Tensor.constant(blockOnes(heads, channels, w.dtype()).transpose().dup('c')));
    }

    /** {@code [H*C, H]}: 1 where row {@code h*C + c} meets column {@code h}. */
    private static INDArray blockOnes(int heads, int channels, DataType dtype) {
        INDArray m = Nd4j.zeros(dtype, (long) heads * channels, heads);
        for (int h = 0; h < heads; h++) {
            for (int c = 0; c < channels; c++) {
                m.putScalar((long) h * channels + c, h, 1.0);
            }
        }
        return m;
    }

    private static int channels(Tensor x, int heads, String what) {
        if (heads < 1 || x.rank() != 2 || x.size(1) % heads != 0) {
            throw new IllegalArgumentException(what + " must be [R, heads * C] with " + heads + " heads, got "
                    + Arrays.toString(x.shape()));
        }
        return (int) (x.size(1) / heads);
    }
}
