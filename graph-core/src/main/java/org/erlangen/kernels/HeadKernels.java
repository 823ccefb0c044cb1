package org.erlangen.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The multi-head sparse kernels on ND4J arrays: node arrays are {@code [rows, heads * channels]} with head {@code h}
 * in columns {@code h*channels .. (h+1)*channels}, per-entry arrays {@code [entries, heads]}. Output rows are split
 * over threads; float data runs on the Vector API when {@link Vectorization} allows it and the head width fits.
 * Float inputs and outputs pass through {@link Scratch} arrays, reused from call to call.
 */
public final class HeadKernels {
    private HeadKernels() {
    }

    /** {@code out[r, h, c] = sum over entries k of row r of w[k, h] x[cols[k], h, c]}, {@code rows} output rows. */
    public static INDArray weightedSum(int[] ptr, int[] cols, INDArray w, int heads, int channels, INDArray x,
            int rows) {
        int width = heads * channels;
        if (x.dataType() == DataType.DOUBLE) {
            double[] ws = Buffers.doubles(w);
            double[] xs = Buffers.doubles(x);
            double[] out = new double[rows * width];
            Parallel.forRows(rows, ptr, width, (a, b) -> HeadRowKernels.weightedSum(ptr, cols, ws, heads, channels,
                    xs, out, a, b));
            return Buffers.of(out, rows, width);
        }
        float[] ws = Buffers.floats(w, true);
        float[] xs = Buffers.floats(x, true);
        float[] out = Scratch.floats(rows * width);
        boolean vector = vectorFor(channels);
        Parallel.forRows(rows, ptr, width, (a, b) -> {
            if (vector) {
                HeadVectorKernels.weightedSum(ptr, cols, ws, heads, channels, xs, out, a, b);
            } else {
                HeadRowKernels.weightedSum(ptr, cols, ws, heads, channels, xs, out, a, b);
            }
        });
        INDArray result = Buffers.ofPrefix(out, rows * width, rows, width);
        Scratch.release(ws, xs, out);
        return castLike(result, x);
    }

    /** {@code out[k, h] = sum over c of a[row of k, h, c] b[cols[k], h, c]}: {@code [entries, heads]}. */
    public static INDArray entryDot(int[] ptr, int[] cols, INDArray a, INDArray b, int heads, int channels) {
        int rows = ptr.length - 1;
        int entries = cols.length;
        int width = heads * channels;
        if (a.dataType() == DataType.DOUBLE) {
            double[] as = Buffers.doubles(a);
            double[] bs = Buffers.doubles(b);
            double[] out = new double[entries * heads];
            Parallel.forRows(rows, ptr, width, (f, t) -> HeadRowKernels.entryDot(ptr, cols, as, bs, heads, channels,
                    out, f, t));
            return Buffers.of(out, entries, heads);
        }
        float[] as = Buffers.floats(a, true);
        float[] bs = b == a ? as : Buffers.floats(b, true); // one copy of embeddings dotted with themselves
        float[] out = Scratch.floats(entries * heads);
        boolean vector = vectorFor(channels);
        Parallel.forRows(rows, ptr, width, (f, t) -> {
            if (vector) {
                HeadVectorKernels.entryDot(ptr, cols, as, bs, heads, channels, out, f, t);
            } else {
                HeadRowKernels.entryDot(ptr, cols, as, bs, heads, channels, out, f, t);
            }
        });
        INDArray result = Buffers.ofPrefix(out, entries * heads, entries, heads);
        Scratch.release(as, out);
        if (bs != as) {
            Scratch.release(bs);
        }
        return castLike(result, a);
    }

    /** Rows of a per-entry {@code [E, heads]} array in a new entry order: row k is row {@code order[k]}. */
    public static INDArray permuteRows(INDArray w, int[] order, int heads) {
        if (w.dataType() == DataType.DOUBLE) {
            double[] ws = Buffers.doubles(w);
            double[] out = new double[ws.length];
            for (int k = 0; k < order.length; k++) {
                System.arraycopy(ws, order[k] * heads, out, k * heads, heads);
            }
            return Buffers.of(out, order.length, heads);
        }
        float[] ws = Buffers.floats(w, true);
        float[] out = Scratch.floats(order.length * heads);
        for (int k = 0; k < order.length; k++) {
            System.arraycopy(ws, order[k] * heads, out, k * heads, heads);
        }
        INDArray result = Buffers.ofPrefix(out, order.length * heads, order.length, heads);
        Scratch.release(ws, out);
        return castLike(result, w);
    }

    private static boolean vectorFor(int channels) {
        return Vectorization.enabled() && HeadVectorKernels.supports(channels);
    }

    private static INDArray castLike(INDArray a, INDArray like) {
        return a.dataType() == like.dataType() ? a : a.castTo(like.dataType());
    }
}
