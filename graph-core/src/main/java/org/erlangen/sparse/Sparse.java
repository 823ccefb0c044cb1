package org.erlangen.sparse;

import java.util.Arrays;
import org.erlangen.kernels.SparseKernels;
import org.erlangen.kernels.Termination;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Differentiable graph operations over a {@link Csr} (rows receive, columns send) or {@link Segments}. The kernels,
 * forward and backward, come from the current {@link SparseBackend}: our Java kernels on the CPU, where each backward
 * is again a row kernel over the cached transpose (no two threads write the same output row), or ND4J's own ops.
 */
public final class Sparse {
    private Sparse() {
    }

    /** One row per entry of {@code csr}: the row of {@code x} its column names (the sender of each edge). */
    public static Tensor gatherCols(Tensor x, Csr csr) {
        checkRows(x, csr.colCount(), "gatherCols input");
        SparsePrimitives p = primitives();
        INDArray out = p.gatherCols(csr, x.data());
        return Tensor.result(out, g -> x.accumulateOwned(p.sumByCol(csr, g)), x);
    }

    /** Row {@code i} of the result is row {@code index[i]} of x (index-select along the first dimension). */
    public static Tensor indexSelect(Tensor x, int[] index) {
        return gatherCols(x, Csr.selection(index, (int) x.rows()));
    }

    /** One row per row of the segments: the row of {@code x} for its segment (the receiver of each edge). */
    public static Tensor expand(Tensor x, Segments segments) {
        checkRows(x, segments.count(), "expand input");
        SparsePrimitives p = primitives();
        INDArray out = p.expand(segments, x.data());
        return Tensor.result(out, g -> x.accumulateOwned(p.segmentSum(segments, g)), x);
    }

    /** Sum of the rows of each segment; an empty segment gives zeros. */
    public static Tensor segmentSum(Tensor values, Segments segments) {
        checkRows(values, segments.total(), "segmentSum values");
        SparsePrimitives p = primitives();
        INDArray out = p.segmentSum(segments, values.data());
        return Tensor.result(out, g -> values.accumulateOwned(p.expand(segments, g)), values);
    }

    /** Mean of the rows of each segment; an empty segment gives zeros. */
    public static Tensor segmentMean(Tensor values, Segments segments) {
        checkRows(values, segments.total(), "segmentMean values");
        SparsePrimitives p = primitives();
        INDArray scale = inverseSizes(segments, values);
        INDArray out = p.segmentSum(segments, values.data());
        scaleRows(out, scale);
        return Tensor.result(out, g -> {
            INDArray scaled = g.dup();
            scaleRows(scaled, scale);
            values.accumulateOwned(p.expand(segments, scaled));
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
        SparsePrimitives.Extreme extreme = primitives().segmentExtreme(segments, values.data(), max);
        return Tensor.result(extreme.values(), g -> values.accumulateOwned(extreme.backward(g)), values);
    }

    /** Softmax of each column over the rows of each segment: attention over the edges into each node. */
    public static Tensor segmentSoftmax(Tensor scores, Segments segments) {
        checkRows(scores, segments.total(), "segmentSoftmax scores");
        SparsePrimitives p = primitives();
        INDArray out = p.segmentSoftmax(segments, scores.data());
        return Tensor.result(out, g -> scores.accumulateOwned(p.segmentSoftmaxBackward(segments, out, g)), scores);
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
     * The sums over rows {@code from..to-1} of {@code csr} of the rows of {@code x} at their columns, as
     * {@code [to - from, width]}, with {@code x} the {@code csr.colCount()} rows of width {@code width} on the heap,
     * read in place; no gradient. A layer-wise pass pools a chunk's senders' rows where they lie.
     */
    public static INDArray rowSums(Csr csr, int from, int to, float[] x, int width) {
        checkRowSums(csr, from, to, x.length, width);
        return SparseKernels.rowSum(csr.rows().pointers(), csr.cols(), from, to - from, x, width);
    }

    /** As {@link #rowSums(Csr, int, int, float[], int)} for double rows. */
    public static INDArray rowSums(Csr csr, int from, int to, double[] x, int width) {
        checkRowSums(csr, from, to, x.length, width);
        return SparseKernels.rowSum(csr.rows().pointers(), csr.cols(), from, to - from, x, width);
    }

    private static void checkRowSums(Csr csr, int from, int to, int values, int width) {
        if (from < 0 || to > csr.rowCount() || from >= to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") of a CSR with " + csr.rowCount());
        }
        if ((long) csr.colCount() * width != values) {
            throw new IllegalArgumentException(values + " values are not " + csr.colCount() + " rows of " + width);
        }
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
        SparsePrimitives p = primitives();
        INDArray out = p.spmm(csr, null, x.data(), null, self);
        return Tensor.result(out, g -> x.accumulateOwned(p.spmmBackward(csr, null, true, g, self)), x);
    }

    /**
     * {@link #spmm(Csr, Tensor, Tensor)} plus {@code bias} (one value per column, or null) added to every output row in
     * the same pass: a graph convolution's aggregation and bias without another sweep over the output.
     */
    public static Tensor spmm(Csr csr, Tensor weights, Tensor x, Tensor bias) {
        Termination.check(); // a wide layer's aggregation fills a fresh array: hundreds of ms in a first step
        checkRows(x, csr.colCount(), "spmm input");
        if (weights != null && weights.data().length() != csr.entryCount()) {
            throw new IllegalArgumentException("spmm has " + csr.entryCount() + " entries but "
                    + weights.data().length() + " weights");
        }
        if (bias != null && bias.data().length() != SparseKernels.width(x.data())) {
            throw new IllegalArgumentException("spmm bias has " + bias.data().length() + " values for "
                    + SparseKernels.width(x.data()) + " columns");
        }
        SparsePrimitives p = primitives();
        INDArray w = weights == null ? null : weights.data();
        INDArray b = bias == null ? null : bias.data();
        // a sampled batch's input rows already on the heap are read there: no copy of the batch's input
        INDArray out = x.heapValues() != null && x.rank() == 2 ? p.spmm(csr, w, x.data(), x.heapValues(), b)
                : p.spmm(csr, w, x.data(), b, 0.0);
        return Tensor.result(out, g -> {
            if (x.requiresGrad()) {
                x.accumulateOwned(p.spmmBackward(csr, w, weights == null || !weights.requiresGrad(), g, 0.0));
            }
            if (weights != null && weights.requiresGrad()) {
                weights.accumulateOwned(p.entryDot(csr, g, x.data()).reshape(weights.shape()));
            }
            if (bias != null && bias.requiresGrad()) {
                bias.accumulateOwned(p.columnSums(g).reshape(bias.shape()));
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
        channels(x, heads, "weightedSum features");
        checkRows(x, csr.colCount(), "weightedSum features");
        if (heads == 1) {
            return spmm(csr, weights, x);
        }
        SparsePrimitives p = primitives();
        INDArray w = weights.data();
        INDArray out = p.weightedSum(csr, w, heads, x.data());
        return Tensor.result(out, g -> {
            if (x.requiresGrad()) {
                x.accumulateOwned(p.weightedSumTransposed(csr, w, heads, g));
            }
            if (weights.requiresGrad()) {
                weights.accumulateOwned(p.entryDot(csr, g, x.data(), heads).reshape(weights.shape()));
            }
        }, weights, x);
    }

    /**
     * Multi-head sampled dense-dense product: {@code out[k, h] = dot(atRows[row of k, h, :], atCols[col k, h, :])},
     * with a graph's adjacency the per-head dot product of each edge's receiver and sender features (query and key).
     * Result {@code [E, heads]}.
     */
    public static Tensor edgeDot(Csr csr, Tensor atRows, Tensor atCols, int heads) {
        channels(atRows, heads, "edgeDot receiver features");
        if (atCols.rank() != 2 || atCols.size(1) != atRows.size(1)) {
            throw new IllegalArgumentException("edgeDot sender features have shape "
                    + Arrays.toString(atCols.shape()) + ", receiver features "
                    + Arrays.toString(atRows.shape()) + ": widths must agree");
        }
        checkRows(atRows, csr.rowCount(), "edgeDot receiver features");
        checkRows(atCols, csr.colCount(), "edgeDot sender features");
        SparsePrimitives p = primitives();
        INDArray out = p.entryDot(csr, atRows.data(), atCols.data(), heads);
        if (atRows == atCols && heads == 1 && csr.rowCount() == csr.colCount()) {
            // pairs of one array's rows (a link decoder's scores): both ends' gradients in one pass
            return Tensor.result(out, g -> atRows.accumulateOwned(p.symmetricWeightedSum(csr, g, atRows.data())),
                    atRows);
        }
        return Tensor.result(out, g -> {
            if (atRows.requiresGrad()) {
                atRows.accumulateOwned(p.weightedSum(csr, g, heads, atCols.data()));
            }
            if (atCols.requiresGrad()) {
                atCols.accumulateOwned(p.weightedSumTransposed(csr, g, heads, atRows.data()));
            }
        }, atRows, atCols);
    }

    /** The kernels of the current {@link SparseBackend}; an operation's backward uses those of its forward. */
    private static SparsePrimitives primitives() {
        return SparseBackend.current().primitives;
    }

    private static int channels(Tensor x, int heads, String what) {
        if (heads < 1 || x.rank() != 2 || x.size(1) % heads != 0) {
            throw new IllegalArgumentException(what + " must be [R, heads * C] with " + heads + " heads, got "
                    + Arrays.toString(x.shape()));
        }
        return (int) (x.size(1) / heads);
    }

    /** The key of {@link #inverseSizes} among a segments' derived values. */
    private record InverseSizes(DataType dtype) {
    }

    /** {@code 1 / size} per segment as a column (0 for an empty segment), kept with the segments per data type. */
    private static INDArray inverseSizes(Segments segments, Tensor like) {
        return segments.derived(new InverseSizes(like.dtype()), () -> Workspace.outside(() -> {
            double[] inv = new double[segments.count()];
            for (int s = 0; s < inv.length; s++) {
                int n = segments.size(s);
                inv[s] = n == 0 ? 0.0 : 1.0 / n;
            }
            return Nd4j.createFromArray(inv).castTo(like.dtype()).reshape(inv.length, 1);
        }));
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
