package org.erlangen.sparse;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The kernels behind {@link Sparse}'s operations, forward and backward, on one backend ({@link SparseBackend}).
 * Node arrays have one row per row or column of a pattern, entry arrays one row per entry; a row may be a scalar (a
 * rank-1 array) or have any trailing shape, except for the multi-head methods, which take {@code [R, heads * C]}
 * node arrays and {@code [E, heads]} entry weights. Results are new arrays in the input's data type.
 */
interface SparsePrimitives {
    /** Row k is row {@code col(k)} of {@code x}: each entry's sender. */
    INDArray gatherCols(Csr csr, INDArray x);

    /** Row c is the sum of the rows k of {@code g} with {@code col(k) = c}: the backward of {@link #gatherCols}. */
    INDArray sumByCol(Csr csr, INDArray g);

    /** Row k is row {@code s} of {@code x} for the segment s that holds row k. */
    INDArray expand(Segments segments, INDArray x);

    /** Row s is the sum of the rows of segment s (zeros for an empty one): the backward of {@link #expand}. */
    INDArray segmentSum(Segments segments, INDArray values);

    /** Per segment and column the max (or min) value, 0 for an empty segment, and the way back to the row that held it. */
    Extreme segmentExtreme(Segments segments, INDArray values, boolean max);

    /** Softmax of each column over the rows of each segment. */
    INDArray segmentSoftmax(Segments segments, INDArray scores);

    /** The gradient of the scores from the softmax {@code y} and its gradient {@code g}. */
    INDArray segmentSoftmaxBackward(Segments segments, INDArray y, INDArray g);

    /**
     * {@code out[r] = self * x[r] + bias + sum over entries k of row r of w[k] x[col k]}; {@code w} (one per entry)
     * and {@code bias} (one per column) may be null, {@code self} is used only for square patterns.
     */
    INDArray spmm(Csr csr, INDArray w, INDArray x, INDArray bias, double self);

    /**
     * {@link #spmm} of rows {@code x} that are also held on the heap, row-major ({@code heapRows}): kernels that run
     * on Java arrays read them there; the others read {@code x}.
     */
    default INDArray spmm(Csr csr, INDArray w, INDArray x, float[] heapRows, INDArray bias) {
        return spmm(csr, w, x, bias, 0.0);
    }

    /**
     * The gradient of {@link #spmm}'s {@code x}: {@code out[c] = self * g[c] + sum over entries k with col(k) = c of
     * w[k] g[row of k]}. {@code constant} says {@code w} stays the same array from step to step (a normalisation), so
     * a backend may keep what it derives from it.
     */
    INDArray spmmBackward(Csr csr, INDArray w, boolean constant, INDArray g, double self);

    /** {@code out[k] = dot(a[row of k], b[col k])}, one value per entry: the gradient of spmm's weights. */
    INDArray entryDot(Csr csr, INDArray a, INDArray b);

    /** Sum of the rows of a matrix (or of a vector's values): the gradient of a bias added to every row. */
    INDArray columnSums(INDArray g);

    /** {@code out[r, h, :] = sum over entries k of row r of w[k, h] x[col k, h, :]}, one row per row of the pattern. */
    INDArray weightedSum(Csr csr, INDArray w, int heads, INDArray x);

    /**
     * The same product over the transpose: {@code out[c, h, :] = sum over entries k with col(k) = c of
     * w[k, h] g[row of k, h, :]}, one row per column of the pattern.
     */
    INDArray weightedSumTransposed(Csr csr, INDArray w, int heads, INDArray g);

    /** {@code out[k, h] = dot(a[row of k, h, :], b[col k, h, :])}: {@code [E, heads]}. */
    INDArray entryDot(Csr csr, INDArray a, INDArray b, int heads);

    /**
     * For a square pattern, {@code out[i] = sum over entries k of row i of w[k] x[col k]} plus the same over the
     * entries of column {@code i} with {@code x[row k]}: the gradient, with respect to {@code x}, of the entries'
     * dot products of {@code x} with itself weighted by {@code w} ([E] or [E, 1]).
     */
    default INDArray symmetricWeightedSum(Csr csr, INDArray w, INDArray x) {
        return weightedSum(csr, w, 1, x).addi(weightedSumTransposed(csr, w, 1, x));
    }

    /** A segment max or min: its values and what routes a gradient back to the rows that held them. */
    interface Extreme {
        INDArray values();

        /** The gradient of the input values, given that of {@link #values()}: each goes to its arg row. */
        INDArray backward(INDArray g);
    }
}
