package org.erlangen.sparse;

import org.erlangen.kernels.HeadKernels;
import org.erlangen.kernels.SparseKernels;
import org.erlangen.tensor.Reductions;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The sparse operations on our Java kernels ({@link SparseKernels}, {@link HeadKernels}): the arrays are copied to
 * Java arrays, output rows are split over threads, and every backward is again a row kernel over the cached
 * transpose, so no two threads write the same row. The CPU backend's path.
 */
final class JavaPrimitives implements SparsePrimitives {
    @Override
    public INDArray gatherCols(Csr csr, INDArray x) {
        return SparseKernels.gather(csr.cols(), x);
    }

    @Override
    public INDArray sumByCol(Csr csr, INDArray g) {
        Csr.Transpose t = csr.transpose();
        return SparseKernels.rowSum(t.csr().rows().pointers(), t.entryOf(), null, null, g, csr.colCount());
    }

    @Override
    public INDArray expand(Segments segments, INDArray x) {
        return SparseKernels.gather(segments.ids(), x);
    }

    @Override
    public INDArray segmentSum(Segments segments, INDArray values) {
        return SparseKernels.rowSum(segments.pointers(), null, null, null, values, segments.count());
    }

    @Override
    public Extreme segmentExtreme(Segments segments, INDArray values, boolean max) {
        int[] arg = new int[segments.count() * SparseKernels.width(values)];
        INDArray out = SparseKernels.extreme(segments.pointers(), values, arg, max);
        return new RoutedExtreme(out, segments.pointers(), arg, values.shape());
    }

    /** The extremes and, per segment and column, the row that held each (-1 for an empty segment). */
    private record RoutedExtreme(INDArray values, int[] ptr, int[] arg, long[] shape) implements Extreme {
        @Override
        public INDArray backward(INDArray g) {
            return SparseKernels.routeToArg(ptr, arg, g, shape);
        }
    }

    @Override
    public INDArray segmentSoftmax(Segments segments, INDArray scores) {
        return SparseKernels.softmax(segments.pointers(), scores);
    }

    @Override
    public INDArray segmentSoftmaxBackward(Segments segments, INDArray y, INDArray g) {
        return SparseKernels.softmaxBackward(segments.pointers(), y, g);
    }

    @Override
    public INDArray spmm(Csr csr, INDArray w, INDArray x, INDArray bias, double self) {
        return SparseKernels.rowSum(csr.rows().pointers(), csr.cols(), w, null, x, csr.rowCount(), bias, self);
    }

    @Override
    public INDArray spmm(Csr csr, INDArray w, INDArray x, float[] heapRows, INDArray bias) {
        return SparseKernels.rowSum(csr.rows().pointers(), csr.cols(), w, heapRows, (int) x.size(1), csr.rowCount(),
                bias);
    }

    @Override
    public INDArray spmmBackward(Csr csr, INDArray w, boolean constant, INDArray g, double self) {
        Csr.Transpose t = csr.transpose();
        // weights in transposed order first: reading them through the permutation inside the kernel is a random
        // access per entry and feature chunk, which made this pass three times slower
        INDArray wt = w == null ? null : csr.transposedWeights(w, constant);
        return SparseKernels.rowSum(t.csr().rows().pointers(), t.csr().cols(), wt, null, g, csr.colCount(), null,
                self);
    }

    @Override
    public INDArray entryDot(Csr csr, INDArray a, INDArray b) {
        return SparseKernels.entryDot(csr.rows().pointers(), csr.cols(), a, b);
    }

    @Override
    public INDArray columnSums(INDArray g) {
        return Reductions.columnSums(g);
    }

    @Override
    public INDArray weightedSum(Csr csr, INDArray w, int heads, INDArray x) {
        return HeadKernels.weightedSum(csr.rows().pointers(), csr.cols(), w, heads, channels(x, heads), x,
                csr.rowCount());
    }

    @Override
    public INDArray weightedSumTransposed(Csr csr, INDArray w, int heads, INDArray g) {
        Csr.Transpose t = csr.transpose();
        INDArray wt = HeadKernels.permuteRows(w, t.entryOf(), heads);
        return HeadKernels.weightedSum(t.csr().rows().pointers(), t.csr().cols(), wt, heads, channels(g, heads), g,
                csr.colCount());
    }

    @Override
    public INDArray entryDot(Csr csr, INDArray a, INDArray b, int heads) {
        return HeadKernels.entryDot(csr.rows().pointers(), csr.cols(), a, b, heads, channels(a, heads));
    }

    /** One pass over the pattern and its transpose together ({@link Csr#symmetric()}). */
    @Override
    public INDArray symmetricWeightedSum(Csr csr, INDArray w, INDArray x) {
        Csr.Symmetric s = csr.symmetric();
        return SparseKernels.rowSumGathered(s.csr().rows().pointers(), s.csr().cols(), w, s.entryOf(), x,
                csr.rowCount());
    }

    private static int channels(INDArray x, int heads) {
        return (int) (x.size(1) / heads);
    }
}
