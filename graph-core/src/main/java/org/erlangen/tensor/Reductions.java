package org.erlangen.tensor;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.indexaccum.custom.ArgMin;
import org.nd4j.linalg.factory.Nd4j;

/** Sums, means and extrema, over everything or along one dimension. */
public final class Reductions {
    private Reductions() {
    }

    /** Sum of all elements, as a one-element tensor. */
    public static Tensor sum(Tensor x) {
        INDArray out = Nd4j.scalar(x.dtype(), x.data().sumNumber().doubleValue());
        return Tensor.result(out, g -> x.accumulateOwned(Nd4j.valueArrayOf(x.shape(), g.getDouble(0), x.dtype())), x);
    }

    public static Tensor mean(Tensor x) {
        long n = x.data().length();
        INDArray out = Nd4j.scalar(x.dtype(), x.data().sumNumber().doubleValue() / n);
        return Tensor.result(out,
                g -> x.accumulateOwned(Nd4j.valueArrayOf(x.shape(), g.getDouble(0) / n, x.dtype())), x);
    }

    /** Column sums of a matrix (not differentiable: for backward passes), computed as a product with ones. */
    public static INDArray columnSums(INDArray g) {
        return Ops.columnSums(g.rank() == 1 ? g.reshape(g.length(), 1) : g);
    }

    /** Sum along {@code dim}; with {@code keepDim} the reduced dimension stays with size 1. */
    public static Tensor sum(Tensor x, int dim, boolean keepDim) {
        INDArray out = x.data().sum(keepDim, dim);
        return Tensor.result(out, g -> x.accumulateOwned(expand(g, x, dim)), x);
    }

    public static Tensor mean(Tensor x, int dim, boolean keepDim) {
        long n = x.size(dim);
        INDArray out = x.data().sum(keepDim, dim).divi(n);
        return Tensor.result(out, g -> x.accumulateOwned(expand(g, x, dim).divi(n)), x);
    }

    /** Maximum along {@code dim}; the gradient goes to the first maximal element. */
    public static Tensor max(Tensor x, int dim, boolean keepDim) {
        return extreme(x, dim, keepDim, true);
    }

    public static Tensor min(Tensor x, int dim, boolean keepDim) {
        return extreme(x, dim, keepDim, false);
    }

    private static Tensor extreme(Tensor x, int dim, boolean keepDim, boolean max) {
        INDArray arg = max ? x.data().argMax(dim) : Nd4j.getExecutioner().exec(
                new ArgMin(x.data(), false, new int[] {dim}))[0];
        INDArray out = max ? x.data().max(keepDim, dim) : x.data().min(keepDim, dim);
        return Tensor.result(out, g -> {
            INDArray oneHot = oneHot(arg, x, dim);
            x.accumulateOwned(oneHot.muli(expand(g, x, dim)));
        }, x);
    }

    /** Broadcasts a gradient of the reduced shape back over {@code dim} of x's shape. */
    private static INDArray expand(INDArray g, Tensor x, int dim) {
        long[] keep = x.shape().clone();
        keep[dim] = 1;
        return g.reshape(keep).broadcast(x.shape()).dup();
    }

    /** 1 at the positions named by {@code arg} along {@code dim}, else 0. */
    private static INDArray oneHot(INDArray arg, Tensor x, int dim) {
        long[] keep = x.shape().clone();
        keep[dim] = 1;
        INDArray positions = Nd4j.arange(x.size(dim)).castTo(x.dtype());
        long[] posShape = new long[x.rank()];
        Arrays.fill(posShape, 1);
        posShape[dim] = x.size(dim);
        INDArray idx = arg.castTo(x.dtype()).reshape(keep).broadcast(x.shape());
        return positions.reshape(posShape).broadcast(x.shape()).eq(idx).castTo(x.dtype());
    }
}
