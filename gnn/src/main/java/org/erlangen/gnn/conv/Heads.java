package org.erlangen.gnn.conv;

import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;
import org.erlangen.sparse.Buffers;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Kernels;
import org.erlangen.sparse.Parallel;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Multi-head attention arithmetic on {@code [rows, heads * channels]} features (head {@code h} in columns
 * {@code h*C .. (h+1)*C}) and {@code [E, heads]} per-edge scores. The two sparse operations are fused kernels: the
 * attention-weighted sum of sender features (one sparse-dense product for all heads at once) and the per-head dot
 * product of receiver and sender features (scaled dot-product scores); each one's backward is the other, over the
 * pattern or its transpose; float data runs on the Vector API when graph-core's kernels do. The dense helpers are
 * matrix products with 0/1 matrices, so they run in BLAS.
 */
public final class Heads {
    private record Pattern(int[] ptr, int[] cols) {
    }

    /** The transpose: rows are the original columns, {@code cols} the original rows, {@code entryOf} the entry map. */
    private record Reverse(int[] ptr, int[] cols, int[] entryOf) {
    }

    private static final Map<Csr, Pattern> PATTERNS = new WeakHashMap<>();
    private static final Map<Csr, Reverse> REVERSES = new WeakHashMap<>();

    private Heads() {
    }

    /**
     * {@code out[r, h, :] = sum over entries k of row r of weights[k, h] x[col k, h, :]}: with a graph's adjacency,
     * each receiver's attention-weighted sum of its senders' features, per head. {@code weights} is
     * {@code [E, heads]} (or {@code [E]} for one head), {@code x} is {@code [cols, heads * C]}.
     */
    public static Tensor weightedSum(Csr pattern, Tensor weights, Tensor x) {
        int heads = headsOf(weights, pattern);
        int channels = channels(x, heads, "weightedSum features");
        if (x.rows() != pattern.colCount()) {
            throw new IllegalArgumentException("weightedSum features have " + x.rows() + " rows, expected "
                    + pattern.colCount());
        }
        if (heads == 1) {
            return Sparse.spmm(pattern, weights, x);
        }
        Pattern p = pattern(pattern);
        INDArray w = weights.data();
        INDArray out = sum(p.ptr(), p.cols(), w, heads, channels, x.data(), pattern.rowCount());
        return Tensor.result(out, g -> {
            if (x.requiresGrad()) {
                Reverse t = reverse(pattern);
                INDArray wt = permuteRows(w, t.entryOf(), heads);
                x.accumulateOwned(sum(t.ptr(), t.cols(), wt, heads, channels, g, pattern.colCount()));
            }
            if (weights.requiresGrad()) {
                weights.accumulateOwned(dot(p.ptr(), p.cols(), g, x.data(), heads, channels)
                        .reshape(weights.shape()));
            }
        }, weights, x);
    }

    /**
     * {@code out[k, h] = dot(atRows[row of k, h, :], atCols[col k, h, :])}: with a graph's adjacency, the per-head dot
     * product of each edge's receiver and sender features (query and key). Result {@code [E, heads]}.
     */
    public static Tensor edgeDot(Csr pattern, Tensor atRows, Tensor atCols, int heads) {
        int channels = channels(atRows, heads, "edgeDot receiver features");
        if (atCols.rank() != 2 || atCols.size(1) != atRows.size(1)) {
            throw new IllegalArgumentException("edgeDot sender features have shape " + Arrays.toString(atCols.shape())
                    + ", receiver features " + Arrays.toString(atRows.shape()) + ": widths must agree");
        }
        if (atRows.rows() != pattern.rowCount() || atCols.rows() != pattern.colCount()) {
            throw new IllegalArgumentException("edgeDot expects " + pattern.rowCount() + " receiver rows and "
                    + pattern.colCount() + " sender rows, got " + atRows.rows() + " and " + atCols.rows());
        }
        Pattern p = pattern(pattern);
        INDArray out = dot(p.ptr(), p.cols(), atRows.data(), atCols.data(), heads, channels);
        return Tensor.result(out, g -> {
            if (atRows.requiresGrad()) {
                atRows.accumulateOwned(sum(p.ptr(), p.cols(), g, heads, channels, atCols.data(),
                        pattern.rowCount()));
            }
            if (atCols.requiresGrad()) {
                Reverse t = reverse(pattern);
                atCols.accumulateOwned(sum(t.ptr(), t.cols(), permuteRows(g, t.entryOf(), heads), heads, channels,
                        atRows.data(), pattern.colCount()));
            }
        }, atRows, atCols);
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

    private static int headsOf(Tensor weights, Csr pattern) {
        long entries = pattern.entryCount();
        boolean ok = weights.rows() == entries && weights.rank() <= 2;
        if (!ok) {
            throw new IllegalArgumentException("attention weights must be [" + entries + ", heads], got "
                    + Arrays.toString(weights.shape()));
        }
        return (int) weights.columns();
    }

    private static int channels(Tensor x, int heads, String what) {
        if (heads < 1 || x.rank() != 2 || x.size(1) % heads != 0) {
            throw new IllegalArgumentException(what + " must be [R, heads * C] with " + heads + " heads, got "
                    + Arrays.toString(x.shape()));
        }
        return (int) (x.size(1) / heads);
    }

    private static synchronized Pattern pattern(Csr csr) {
        return PATTERNS.computeIfAbsent(csr, c -> new Pattern(c.rows().toPointers(), c.toCols()));
    }

    private static synchronized Reverse reverse(Csr csr) {
        return REVERSES.computeIfAbsent(csr, c -> {
            Csr.Transpose t = c.transpose();
            return new Reverse(t.csr().rows().toPointers(), t.csr().toCols(), t.entryOf());
        });
    }

    private static INDArray sum(int[] ptr, int[] cols, INDArray w, int heads, int channels, INDArray x, int rows) {
        int width = heads * channels;
        if (x.dataType() == DataType.DOUBLE) {
            double[] ws = Buffers.doubles(w);
            double[] xs = Buffers.doubles(x);
            double[] out = new double[rows * width];
            Parallel.forRows(rows, ptr, width, (a, b) -> HeadKernels.weightedSum(ptr, cols, ws, heads, channels, xs,
                    out, a, b));
            return Buffers.of(out, rows, width);
        }
        float[] ws = Buffers.floats(w);
        float[] xs = Buffers.floats(x);
        float[] out = new float[rows * width];
        boolean vector = vectorFor(channels);
        Parallel.forRows(rows, ptr, width, (a, b) -> {
            if (vector) {
                HeadVectorKernels.weightedSum(ptr, cols, ws, heads, channels, xs, out, a, b);
            } else {
                HeadKernels.weightedSum(ptr, cols, ws, heads, channels, xs, out, a, b);
            }
        });
        return castLike(Buffers.of(out, rows, width), x);
    }

    private static INDArray dot(int[] ptr, int[] cols, INDArray a, INDArray b, int heads, int channels) {
        int rows = ptr.length - 1;
        int entries = cols.length;
        int width = heads * channels;
        if (a.dataType() == DataType.DOUBLE) {
            double[] as = Buffers.doubles(a);
            double[] bs = Buffers.doubles(b);
            double[] out = new double[entries * heads];
            Parallel.forRows(rows, ptr, width, (f, t) -> HeadKernels.entryDot(ptr, cols, as, bs, heads, channels, out,
                    f, t));
            return Buffers.of(out, entries, heads);
        }
        float[] as = Buffers.floats(a);
        float[] bs = Buffers.floats(b);
        float[] out = new float[entries * heads];
        boolean vector = vectorFor(channels);
        Parallel.forRows(rows, ptr, width, (f, t) -> {
            if (vector) {
                HeadVectorKernels.entryDot(ptr, cols, as, bs, heads, channels, out, f, t);
            } else {
                HeadKernels.entryDot(ptr, cols, as, bs, heads, channels, out, f, t);
            }
        });
        return castLike(Buffers.of(out, entries, heads), a);
    }

    /** The Vector API kernels when graph-core uses its own (module present, not switched off) and fit the heads. */
    private static boolean vectorFor(int channels) {
        return Kernels.vectorized() && HeadVectorKernels.supports(channels);
    }

    /** Rows of a per-entry {@code [E, heads]} array in the order of the transpose's entries. */
    private static INDArray permuteRows(INDArray w, int[] order, int heads) {
        if (w.dataType() == DataType.DOUBLE) {
            double[] ws = Buffers.doubles(w);
            double[] out = new double[ws.length];
            for (int k = 0; k < order.length; k++) {
                System.arraycopy(ws, order[k] * heads, out, k * heads, heads);
            }
            return Buffers.of(out, order.length, heads);
        }
        float[] ws = Buffers.floats(w);
        float[] out = new float[ws.length];
        for (int k = 0; k < order.length; k++) {
            System.arraycopy(ws, order[k] * heads, out, k * heads, heads);
        }
        return castLike(Buffers.of(out, order.length, heads), w);
    }

    private static INDArray castLike(INDArray a, INDArray like) {
        return a.dataType() == like.dataType() ? a : a.castTo(like.dataType());
    }
}
