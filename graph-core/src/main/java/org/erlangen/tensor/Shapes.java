package org.erlangen.tensor;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Reshaping, transposing, joining and cutting tensors. */
public final class Shapes {
    private Shapes() {
    }

    public static Tensor reshape(Tensor x, long... shape) {
        INDArray out = x.data().dup('c').reshape('c', shape);
        long[] original = x.shape();
        return Tensor.result(out, g -> x.accumulateOwned(g.dup('c').reshape('c', original)), x);
    }

    /** The axes reordered: axis i of the result is axis {@code axes[i]} of x (PyTorch's {@code permute}). */
    public static Tensor permute(Tensor x, int... axes) {
        if (axes.length != x.rank()) {
            throw new IllegalArgumentException("permute needs one axis per dimension of shape "
                    + Arrays.toString(x.shape()) + ", got " + Arrays.toString(axes));
        }
        int[] inverse = new int[axes.length];
        boolean[] seen = new boolean[axes.length];
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] < 0 || axes[i] >= axes.length || seen[axes[i]]) {
                throw new IllegalArgumentException("permute axes " + Arrays.toString(axes) + " are not a permutation");
            }
            seen[axes[i]] = true;
            inverse[axes[i]] = i;
        }
        INDArray out = x.data().permute(axes).dup('c');
        return Tensor.result(out, g -> x.accumulateOwned(g.permute(inverse).dup('c')), x);
    }

    /** Transpose of a rank-2 tensor. */
    public static Tensor transpose(Tensor x) {
        Ops.requireRank(x, 2, "transpose input");
        INDArray out = x.data().transpose().dup('c');
        return Tensor.result(out, g -> x.accumulateOwned(g.transpose().dup('c')), x);
    }

    /** Joins tensors along {@code dim}; all other dimensions must agree. */
    public static Tensor concat(int dim, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat needs at least one tensor");
        }
        INDArray[] arrays = new INDArray[parts.length];
        for (int i = 0; i < parts.length; i++) {
            arrays[i] = parts[i].data();
            if (arrays[i].rank() != arrays[0].rank()) {
                throw new IllegalArgumentException("concat: part " + i + " has shape "
                        + Arrays.toString(arrays[i].shape()) + ", part 0 has " + Arrays.toString(arrays[0].shape()));
            }
        }
        INDArray out = Nd4j.concat(dim, arrays);
        return Tensor.result(out, g -> {
            long from = 0;
            for (Tensor part : parts) {
                long to = from + part.size(dim);
                if (part.requiresGrad()) {
                    part.accumulateOwned(g.get(range(g.rank(), dim, from, to)).dup('c'));
                }
                from = to;
            }
        }, parts);
    }

    /** Elements {@code from} (inclusive) to {@code to} (exclusive) along {@code dim}. */
    public static Tensor slice(Tensor x, int dim, long from, long to) {
        if (from < 0 || to > x.size(dim) || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") out of range for dimension " + dim
                    + " of shape " + Arrays.toString(x.shape()));
        }
        INDArrayIndex[] index = range(x.rank(), dim, from, to);
        INDArray out = x.data().get(index).dup('c');
        return Tensor.result(out, g -> {
            INDArray full = Nd4j.zeros(x.dtype(), x.shape());
            full.get(index).assign(g);
            x.accumulateOwned(full);
        }, x);
    }

    private static INDArrayIndex[] range(int rank, int dim, long from, long to) {
        INDArrayIndex[] index = new INDArrayIndex[rank];
        for (int d = 0; d < rank; d++) {
            index[d] = d == dim ? NDArrayIndex.interval(from, to) : NDArrayIndex.all();
        }
        return index;
    }
}
