package org.erlangen.sparse;

import java.util.Arrays;
import org.erlangen.kernels.HeadKernels;
import org.erlangen.kernels.SparseKernels;
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
        INDArray out = SparseKernels.gather(csr.cols(), x.data());
        return Tensor.result(out, g -> {
            Csr.Transpose t = csr.transpose();
            x.accumulateOwned(SparseKernels.rowSum(t.csr().rows().pointers(), t.entryOf(), null, null, g, csr.colCount()));
        }, x);
    }

    /** Row {@code i} of the result is row {@code index[i]} of x (index-select along the first dimension). */
    public static Tensor indexSelect(Tensor x, int[] index) {
        return gatherCols(x, Csr.selection(index, (int) x.rows()));
    }

    /** One row per row of the segments: the row of {@code x} for its segment (the receiver of each edge). */
    public static Tensor expand(Tensor x, Segments segments) {
        checkRows(x, segments.count(), "expand input");
        INDArray out = SparseKernels.gather(segments.ids(), x.data());
        return Tensor.result(out, g -> x.accumulateOwned(
                SparseKernels.rowSum(segments.pointers(), null, null, null, g, segments.count())), x);
    }

    /** Sum of the rows of each segment; an empty segment gives zeros. */
    public static Tensor segmentSum(Tensor values, Segments segments) {
        checkRows(values, segments.total(), "segmentSum values");
        INDArray out = SparseKernels.rowSum(segments.pointers(), null, null, null, values.data(), segments.count());
        return Tensor.result(out, g -> values.accumulateOwned(SparseKernels.gather(segments.ids(), g)), values);
    }

    /** Mean of the rows of each segment; an empty segment gives zeros. */
    public static Tensor segmentMean(Tensor values, Segments segments) {
        checkRows(values, segments.total(), "segmentMean values");
        INDArray scale = inverseSizes(segments, values);
        INDArray out = SparseKernels.rowSum(segments.pointers(), null, null, null, values.data(), segments.count());
        scaleRows(out, scale);
        return Tensor.result(out, g -> {
            INDArray scaled = g.dup();
            scaleRows(scaled, scale);
            values.accumulateOwned(SparseKernels.gather(segments.ids(), scaled));
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
        int[] arg = new int[segments.count() * SparseKernels.width(values.data())];
        INDArray out = SparseKernels.extreme(segments.pointers(), values.data(), arg, max);
        return Tensor.result(out, g -> values.accumulateOwned(
                SparseKernels.routeToArg(segments.pointers(), arg, g, values.shape())), values);
    }

    /** Softmax of each column over the rows of each segment: attention over the edges into each node. */
    public static Tensor segmentSoftmax(Tensor scores, Segments segments) {
        checkRows(scores, segments.total(), "segmentSoftmax scores");
        INDArray out = SparseKernels.softmax(segments.pointers(), scores.data());
        return Tensor.result(out, g -> scores.accumulateOwned(
                SparseKernels.softmaxBackward(segments.pointers(), out, g)), scores);
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
        INDArray out = SparseKernels.rowSum(csr.rows().pointers(), csr.cols(), null, null, x.data(), csr.rowCount(), null,
                self);
        return Tensor.result(out, g -> {
            Csr.Transpose t = csr.transpose();
            x.accumulateOwned(SparseKernels.rowSum(t.csr().rows().pointers(), t.csr().cols(), null, null, g,
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
        if (bias != null && bias.data().length() != SparseKernels.width(x.data())) {
            throw new IllegalArgumentException("spmm bias has " + bias.data().length() + " values for "
                    + SparseKernels.width(x.data()) + " columns");
        }
        INDArray w = weights == null ? null : weights.data();
        int[] ptr = csr.rows().pointers();
        INDArray out = SparseKernels.rowSum(ptr, csr.cols(), w, null, x.data(), csr.rowCount(),
                bias == null ? null : bias.data());
        return Tensor.result(out, g -> {
            if (x.requiresGrad()) {
                Csr.Transpose t = csr.transpose();
                // weights in transposed order first: reading them through the permutation inside the kernel is
                // a random access per entry and feature chunk, which made this pass three times slower
                INDArray wt = w == null ? null : csr.transposedWeights(w, !weights.requiresGrad());
                x.accumulateOwned(SparseKernels.rowSum(t.csr().rows().pointers(), t.csr().cols(), wt, null, g,
                        csr.colCount()));
            }
            if (weights != null && weights.requiresGrad()) {
                weights.accumulateOwned(SparseKernels.entryDot(ptr, csr.cols(), g, x.data()).reshape(weights.shape()));
            }
            if (bias != null && bias.requiresGrad()) {
                bias.accumulateOwned(Reductions.columnSums(g).reshape(bias.shape()));
            }
        }, weights, x, bias);
    }

    /**
     * Multi-head {@link #spmm}: {@code out[r, h, :] = sum over entries k of row r of weights[k, h] x[col k, h, :]},
     * with a graph's adjacency each receiver's attention-weighted sum of its senders' features, per head.
     * {@code weights} is {@code [E, heads]} (or {@code [E]} for one head), {@code x} is {@code [cols, heads * C]} with
     * head {@code h} in columns {@code h*C .. (h+1)*C}. Its backward is itself over the transpose and
     * {@link #edgeDot} for the weights.
     */
    public static Tensor weightedSum(Csr csr, Tensor weights, Tensor x) {
        long entries = csr.entryCount();
        if (weights.rows() != entries || weights.rank() > 2) {
            throw new IllegalArgumentException("attention weights must be [" + entries + ", heads], got "
                    + Arrays.toString(weights.shape()));
        }
        int heads = (int) weights.columns();
        int channels = channels(x, heads, "weightedSum features");
        checkRows(x, csr.colCount(), "weightedSum features");
        if (heads == 1) {
            return spmm(csr, weights, x);
        }
        int[] ptr = csr.rows().pointers();
        INDArray w = weights.data();
        INDArray out = HeadKernels.weightedSum(ptr, csr.cols(), w, heads, channels, x.data(), csr.rowCount());
        return Tensor.result(out, g -> {
            if (x.requiresGrad()) {
                Csr.Transpose t = csr.transpose();
                INDArray wt = HeadKernels.permuteRows(w, t.entryOf(), heads);
                x.accumulateOwned(HeadKernels.weightedSum(t.csr().rows().pointers(), t.csr().cols(), wt, heads,
                        channels, g, csr.colCount()));
            }
            if (weights.requiresGrad()) {
                weights.accumulateOwned(HeadKernels.entryDot(ptr, csr.cols(), g, x.data(), heads, channels)
                        .reshape(weights.shape()));
            }
        }, weights, x);
    }

    /**
     * Multi-head sampled dense-dense product: {@code out[k, h] = dot(atRows[row of k, h, :], atCols[col k, h, :])},
     * with a graph's adjacency the per-head dot product of each edge's receiver and sender features (query and key).
     * Result {@code [E, heads]}.
     */
    public static Tensor edgeDot(Csr csr, Tensor atRows, Tensor atCols, int heads) {
        int channels = channels(atRows, heads, "edgeDot receiver features");
        if (atCols.rank() != 2 || atCols.size(1) != atRows.size(1)) {
            throw new IllegalArgumentException("edgeDot sender features have shape "
                    + Arrays.toString(atCols.shape()) + ", receiver features "
                    + Arrays.toString(atRows.shape()) + ": widths must agree");
        }
        checkRows(atRows, csr.rowCount(), "edgeDot receiver features");
        checkRows(atCols, csr.colCount(), "edgeDot sender features");
        int[] ptr = csr.rows().pointers();
        INDArray out = HeadKernels.entryDot(ptr, csr.cols(), atRows.data(), atCols.data(), heads, channels);
        return Tensor.result(out, g -> {
            if (atRows.requiresGrad()) {
                atRows.accumulateOwned(HeadKernels.weightedSum(ptr, csr.cols(), g, heads, channels, atCols.data(),
                        csr.rowCount()));
            }
            if (atCols.requiresGrad()) {
                Csr.Transpose t = csr.transpose();
                atCols.accumulateOwned(HeadKernels.weightedSum(t.csr().rows().pointers(), t.csr().cols(),
                        HeadKernels.permuteRows(g, t.entryOf(), heads), heads, channels, atRows.data(),
                        csr.colCount()));
            }
        }, atRows, atCols);
    }

    private static int channels(Tensor x, int heads, String what) {
        if (heads < 1 || x.rank() != 2 || x.size(1) % heads != 0) {
            throw new IllegalArgumentException(what + " must be [R, heads * C] with " + heads + " heads, got "
                    + Arrays.toString(x.shape()));
        }
        return (int) (x.size(1) / heads);
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
                    + " (shape " + Arrays.toString(x.shape()) + ")");
        }
    }
}
