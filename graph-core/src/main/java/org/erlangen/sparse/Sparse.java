package org.erlangen.sparse;

import org.erlangen.tensor.Reductions;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Differentiable graph operations over a {@link Csr} (rows receive, columns send) or {@link Segments}. Each backward
 * is again a row kernel, over the cached transpose, so no two threads ever write the same output row.
 */
public final class Sparse {
    private Sparse() {
    }

    /** One row per entry of {@code csr}: the row of {@code x} its column names (the sender of each edge). */
    public static Tensor gatherCols(Tensor x, Csr csr) {
        checkRows(x, csr.colCount(), "gatherCols input");
        INDArray out = Kernels.gather(csr.cols(), x.data());
        return Tensor.result(out, g -> {
            Csr.Transpose t = csr.transpose();
            x.accumulateOwned(Kernels.rowSum(t.csr().rows().pointers(), t.entryOf(), null, null, g, csr.colCount()));
        }, x);
    }

    /** Row {@code i} of the result is row {@code index[i]} of x (index-select along the first dimension). */
    public static Tensor indexSelect(Tensor x, int[] index) {
        return gatherCols(x, Csr.selection(index, (int) x.rows()));
    }

    /** One row per row of the segments: the row of {@code x} for its segment (the receiver of each edge). */
    public static Tensor expand(Tensor x, Segments segments) {
        checkRows(x, segments.count(), "expand input");
        INDArray out = Kernels.gather(segments.ids(), x.data());
        return Tensor.result(out, g -> x.accumulateOwned(
                Kernels.rowSum(segments.pointers(), null, null, null, g, segments.count())), x);
    }

    /** Sum of the rows of each segment; an empty segment gives zeros. */
    public static Tensor segmentSum(Tensor values, Segments segments) {
        checkRows(values, segments.total(), "segmentSum values");
        INDArray out = Kernels.rowSum(segments.pointers(), null, null, null, values.data(), segments.count());
        return Tensor.result(out, g -> values.accumulateOwned(Kernels.gather(segments.ids(), g)), values);
    }

    /** Mean of the rows of each segment; an empty segment gives zeros. */
    public static Tensor segmentMean(Tensor values, Segments segments) {
        checkRows(values, segments.total(), "segmentMean values");
        INDArray scale = inverseSizes(segments, values);
        INDArray out = Kernels.rowSum(segments.pointers(), null, null, null, values.data(), segments.count());
        scaleRows(out, scale);
        return Tensor.result(out, g -> {
            INDArray scaled = g.dup();
            scaleRows(scaled, scale);
            values.accumulateOwned(Kernels.gather(segments.ids(), scaled));
        }, values);
    }

    /** Maximum of each column over each segment; the gradient goes to the row that held it (the first, on ties). */
    public static Tensor segmentMax(Tensor values, Segments segments) {
        return segmentExtreme(values, segments, true);
    }

    public static Tensor segmentMin(Tensor values, Segments segments) {
        return segmentExtreme(values, segments, false);
    }

    private static Tensor segmentExtreme(Tensor values, Segments segments, boolean max) {
        checkRows(values, segments.total(), max ? "segmentMax values" : "segmentMin values");
        int[] arg = new int[segments.count() * Kernels.width(values.data())];
        INDArray out = Kernels.extreme(segments.pointers(), values.data(), arg, max);
        return Tensor.result(out, g -> values.accumulateOwned(
                Kernels.routeToArg(segments.pointers(), arg, g, values.shape())), values);
    }

    /** Softmax of each column over the rows of each segment: attention over the edges into each node. */
    public static Tensor segmentSoftmax(Tensor scores, Segments segments) {
        checkRows(scores, segments.total(), "segmentSoftmax scores");
        INDArray out = Kernels.softmax(segments.pointers(), scores.data());
        return Tensor.result(out, g -> scores.accumulateOwned(
                Kernels.softmaxBackward(segments.pointers(), out, g)), scores);
    }

    /**
     * Sparse-dense product {@code out[r] = sum over entries k of row r of w[k] x[col k]}: message passing with edge
     * weights in one fused pass. {@code weights} is one value per entry, or null for weight 1; it may require a
     * gradient (attention).
     */
    public static Tensor spmm(Csr csr, Tensor weights, Tensor x) {
        return spmm(csr, weights, x, null);
    }

    /**
     * {@code out[r] = self * x[r] + sum over entries k of row r of x[col k]}, for a square pattern: GIN's
     * aggregation with its self term {@code (1 + eps) x} (a constant eps) in one pass forward and one backward.
     */
    public static Tensor spmmPlusSelf(Csr csr, Tensor x, double self) {
        if (csr.rowCount() != csr.colCount()) {
            throw new IllegalArgumentException("spmmPlusSelf needs a square pattern, got " + csr.rowCount() + " x "
                    + csr.colCount());
        }
        checkRows(x, csr.colCount(), "spmmPlusSelf input");
        INDArray out = Kernels.rowSum(csr.rows().pointers(), csr.cols(), null, null, x.data(), csr.rowCount(), null,
                self);
        return Tensor.result(out, g -> {
            Csr.Transpose t = csr.transpose();
            x.accumulateOwned(Kernels.rowSum(t.csr().rows().pointers(), t.csr().cols(), null, null, g,
                    csr.colCount(), null, self));
        }, x);
    }

    /**
     * {@link #spmm(Csr, Tensor, Tensor)} plus {@code bias} (one value per column, or null) added to every output row in
     * the same pass: a graph convolution's aggregation and bias without another sweep over the output.
     */
    public static Tensor spmm(Csr csr, Tensor weights, Tensor x, Tensor bias) {
        checkRows(x, csr.colCount(), "spmm input");
        if (weights != null && weights.data().length() != csr.entryCount()) {
            throw new IllegalArgumentException("spmm has " + csr.entryCount() + " entries but "
                    + weights.data().length() + " weights");
        }
        if (bias != null && bias.data().length() != Kernels.width(x.data())) {
            throw new IllegalArgumentException("spmm bias has " + bias.data().length() + " values for "
                    + Kernels.width(x.data()) + " columns");
        }
        INDArray w = weights == null ? null : weights.data();
        int[] ptr = csr.rows().pointers();
        INDArray out = Kernels.rowSum(ptr, csr.cols(), w, null, x.data(), csr.rowCount(),
                bias == null ? null : bias.data());
        return Tensor.result(out, g -> {
            if (x.requiresGrad()) {
                Csr.Transpose t = csr.transpose();
                // weights in transposed order first: reading them through the permutation inside the kernel is
                // a random access per entry and feature chunk, which made this pass three times slower
                INDArray wt = w == null ? null : csr.transposedWeights(w, !weights.requiresGrad());
                x.accumulateOwned(Kernels.rowSum(t.csr().rows().pointers(), t.csr().cols(), wt, null, g,
                        csr.colCount()));
            }
            if (weights != null && weights.requiresGrad()) {
                weights.accumulateOwned(Kernels.entryDot(ptr, csr.cols(), g, x.data()).reshape(weights.shape()));
            }
            if (bias != null && bias.requiresGrad()) {
                bias.accumulateOwned(Reductions.columnSums(g).reshape(bias.shape()));
            }
        }, weights, x, bias);
    }

    private static INDArray inverseSizes(Segments segments, Tensor like) {
        double[] inv = new double[segments.count()];
        for (int s = 0; s < inv.length; s++) {
            int n = segments.size(s);
            inv[s] = n == 0 ? 0.0 : 1.0 / n;
        }
        return org.nd4j.linalg.factory.Nd4j.createFromArray(inv).castTo(like.dtype()).reshape(inv.length, 1);
    }

    private static void scaleRows(INDArray a, INDArray column) {
        if (a.rank() == 1) {
            a.muli(column.reshape(a.length()));
        } else {
            a.muliColumnVector(column.reshape(a.size(0), 1));
        }
    }

    private static void checkRows(Tensor x, long expected, String what) {
        if (x.rows() != expected) {
            throw new IllegalArgumentException(what + " has " + x.rows() + " rows, expected " + expected
                    + " (shape " + java.util.Arrays.toString(x.shape()) + ")");
        }
    }
}
