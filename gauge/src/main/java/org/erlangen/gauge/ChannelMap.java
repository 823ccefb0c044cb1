package org.erlangen.gauge;

import org.erlangen.sparse.Buffers;
import org.erlangen.sparse.Parallel;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The differentiable op that applies one small constant matrix to every channel of every row:
 * {@code y[r, outCols[c][k]] = sum_j x[r, inCols[c][j]] M[j][k]} for channels c. With the Fourier sampling matrix
 * it evaluates each channel's band-limited function at N angles, with the transform matrix it goes back. The
 * backward is the same kernel with the column maps swapped and M transposed.
 */
final class ChannelMap {
    private final int channels;
    private final int inWidth;
    private final int outWidth;
    private final int j;
    private final int k;
    private final int[] inCols;
    private final int[] outCols;
    private final double[] matrix;
    private final double[] transposed;

    /**
     * @param inCols channels x j input columns
     * @param matrix j x k, row-major
     * @param outCols channels x k output columns, each output column named once
     */
    ChannelMap(int channels, int inWidth, int[] inCols, int j, double[] matrix, int k, int outWidth, int[] outCols) {
        if (inCols.length != channels * j || outCols.length != channels * k || matrix.length != j * k) {
            throw new IllegalArgumentException("channel map sizes do not fit: " + channels + " channels, " + j
                    + " -> " + k);
        }
        this.channels = channels;
        this.inWidth = inWidth;
        this.outWidth = outWidth;
        this.j = j;
        this.k = k;
        this.inCols = inCols;
        this.outCols = outCols;
        this.matrix = matrix;
        this.transposed = new double[j * k];
        for (int a = 0; a < j; a++) {
            for (int b = 0; b < k; b++) {
                transposed[b * j + a] = matrix[a * k + b];
            }
        }
    }

    Tensor apply(Tensor x) {
        if (x.rank() != 2 || x.size(1) != inWidth) {
            throw new IllegalArgumentException("expected features [N, " + inWidth + "], got "
                    + java.util.Arrays.toString(x.shape()));
        }
        INDArray y = map(x.data(), inWidth, inCols, j, matrix, k, outWidth, outCols);
        return Tensor.result(y, g -> x.accumulateOwned(map(g, outWidth, outCols, k, transposed, j, inWidth, inCols)),
                x);
    }

    private INDArray map(INDArray x, int wIn, int[] colsIn, int jj, double[] m, int kk, int wOut, int[] colsOut) {
        int rows = (int) x.size(0);
        int c = channels;
        if (x.dataType() == DataType.DOUBLE) {
            double[] xs = Buffers.doubles(x);
            double[] out = new double[rows * wOut];
            Parallel.forRows(rows, null, c * jj * kk, (from, to) -> {
                double[] v = new double[jj];
                for (int r = from; r < to; r++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int a = 0; a < jj; a++) {
                            v[a] = xs[r * wIn + colsIn[ch * jj + a]];
                        }
                        for (int b = 0; b < kk; b++) {
                            double s = 0;
                            for (int a = 0; a < jj; a++) {
                                s += v[a] * m[a * kk + b];
                            }
                            out[r * wOut + colsOut[ch * kk + b]] += s;
                        }
                    }
                }
            });
            return Buffers.of(out, rows, wOut);
        }
        float[] xs = Buffers.floats(x);
        float[] mf = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            mf[i] = (float) m[i];
        }
        float[] out = new float[rows * wOut];
        Parallel.forRows(rows, null, c * jj * kk, (from, to) -> {
            float[] v = new float[jj];
            for (int r = from; r < to; r++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int a = 0; a < jj; a++) {
                        v[a] = xs[r * wIn + colsIn[ch * jj + a]];
                    }
                    for (int b = 0; b < kk; b++) {
                        float s = 0;
                        for (int a = 0; a < jj; a++) {
                            s += v[a] * mf[a * kk + b];
                        }
                        out[r * wOut + colsOut[ch * kk + b]] += s;
                    }
                }
            }
        });
        return Buffers.of(out, rows, wOut);
    }
}
