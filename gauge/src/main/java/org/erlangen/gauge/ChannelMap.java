package org.erlangen.gauge;

import java.util.Arrays;
import org.erlangen.kernels.Buffers;
import org.erlangen.kernels.Parallel;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The differentiable op that applies one small constant matrix to every channel of every row:
 * {@code y[r, outCols[c][k]] = sum_j x[r, inCols[c][j]] M[j][k]} for channels c. With the Fourier sampling matrix
 * it evaluates each channel's band-limited function at N angles, with the transform matrix it goes back.
 *
 * <p>The values of all channels are laid out channel-major, [rows * channels, j], so that the map is one matrix
 * product; a side whose columns already are channel-major (the samples) is only reshaped, the other side (the
 * irreps layout) is gathered or scattered in one pass. The backward is the same with M transposed.
 */
final class ChannelMap {
    private final int channels;
    private final int inWidth;
    private final int outWidth;
    private final int j;
    private final int k;
    private final int[] inCols;
    private final int[] outCols;
    private final boolean inContiguous;
    private final boolean outContiguous;
    private final INDArray matrix64;
    private final INDArray matrix32;

    /**
     * @param inCols channels x j input columns
     * @param matrix j x k, row-major
     * @param outCols channels x k output columns, each output column named once and all of them named
     */
    ChannelMap(int channels, int inWidth, int[] inCols, int j, double[] matrix, int k, int outWidth, int[] outCols) {
        if (inCols.length != channels * j || outCols.length != channels * k || matrix.length != j * k
                || outWidth != channels * k) {
            throw new IllegalArgumentException("channel map sizes do not fit: " + channels + " channels, " + j
                    + " -> " + k + " values, " + outWidth + " output columns");
        }
        this.channels = channels;
        this.inWidth = inWidth;
        this.outWidth = outWidth;
        this.j = j;
        this.k = k;
        this.inCols = inCols;
        this.outCols = outCols;
        this.inContiguous = inWidth == channels * j && identity(inCols);
        this.outContiguous = identity(outCols);
        this.matrix64 = Workspace.outside(() -> Nd4j.createFromArray(matrix).reshape('c', j, k));
        this.matrix32 = Workspace.outside(() -> matrix64.castTo(DataType.FLOAT));
    }

    private static boolean identity(int[] cols) {
        for (int i = 0; i < cols.length; i++) {
            if (cols[i] != i) {
                return false;
            }
        }
        return true;
    }

    Tensor apply(Tensor x) {
        if (x.rank() != 2 || x.size(1) != inWidth) {
            throw new IllegalArgumentException("expected features [N, " + inWidth + "], got "
                    + Arrays.toString(x.shape()));
        }
        int rows = (int) x.rows();
        INDArray m = x.dtype() == DataType.DOUBLE ? matrix64 : matrix32.castTo(x.dtype());
        INDArray a = inContiguous ? x.data().reshape('c', (long) rows * channels, j)
                : toChannelMajor(x.data(), rows, inWidth, inCols, j);
        INDArray b = Nd4j.createUninitialized(x.dtype(), (long) rows * channels, k);
        Nd4j.gemm(a, m, b, false, false, 1.0, 0.0);
        INDArray y = outContiguous ? b.reshape('c', rows, outWidth) : fromChannelMajor(b, rows, outWidth, outCols, k);
        return Tensor.result(y, g -> {
            INDArray gb = outContiguous ? g.dup('c').reshape('c', (long) rows * channels, k)
                    : toChannelMajor(g, rows, outWidth, outCols, k);
            INDArray ga = Nd4j.createUninitialized(g.dataType(), (long) rows * channels, j);
            Nd4j.gemm(gb, m, ga, false, true, 1.0, 0.0);
            x.accumulateOwned(inContiguous ? ga.reshape('c', rows, inWidth)
                    : fromChannelMajor(ga, rows, inWidth, inCols, j));
        }, x);
    }

    /** out[(r * C + c) * width + i] = x[r, cols[c * width + i]]. */
    private INDArray toChannelMajor(INDArray x, int rows, int xWidth, int[] cols, int width) {
        int c = channels;
        if (x.dataType() == DataType.DOUBLE) {
            double[] xs = Buffers.doubles(x);
            double[] out = new double[rows * c * width];
            Parallel.forRows(rows, null, xWidth, (from, to) -> {
                for (int r = from; r < to; r++) {
                    for (int i = 0; i < c * width; i++) {
                        out[r * c * width + i] = xs[r * xWidth + cols[i]];
                    }
                }
            });
            return Buffers.of(out, (long) rows * c, width);
        }
        float[] xs = Buffers.floats(x);
        float[] out = new float[rows * c * width];
        Parallel.forRows(rows, null, xWidth, (from, to) -> {
            for (int r = from; r < to; r++) {
                for (int i = 0; i < c * width; i++) {
                    out[r * c * width + i] = xs[r * xWidth + cols[i]];
                }
            }
        });
        return Buffers.of(out, (long) rows * c, width);
    }

    /** y[r, cols[c * width + i]] = b[(r * C + c) * width + i]; columns not named stay zero. */
    private INDArray fromChannelMajor(INDArray b, int rows, int yWidth, int[] cols, int width) {
        int c = channels;
        if (b.dataType() == DataType.DOUBLE) {
            double[] bs = Buffers.doubles(b);
            double[] out = new double[rows * yWidth];
            Parallel.forRows(rows, null, yWidth, (from, to) -> {
                for (int r = from; r < to; r++) {
                    for (int i = 0; i < c * width; i++) {
                        out[r * yWidth + cols[i]] = bs[r * c * width + i];
                    }
                }
            });
            return Buffers.of(out, rows, yWidth);
        }
        float[] bs = Buffers.floats(b);
        float[] out = new float[rows * yWidth];
        Parallel.forRows(rows, null, yWidth, (from, to) -> {
            for (int r = from; r < to; r++) {
                for (int i = 0; i < c * width; i++) {
                    out[r * yWidth + cols[i]] = bs[r * c * width + i];
                }
            }
        });
        return Buffers.of(out, rows, yWidth);
    }
}
