package org.erlangen.kernels;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation in training (statistics of the batch, per column of {@code x [N, F]}) as Java passes over
 * blocks of rows. ND4J reduces a row-major matrix along its rows about ten times slower than along its columns, and
 * the op needs six such reductions per step: on a GIN for NCI1 they took most of the training time. Values are
 * accumulated in double for both float and double inputs.
 */
public final class BatchNormKernels {
    /** Rows per chunk copied out of the off-heap buffer: small enough to stay in the first-level cache. */
    private static final int CHUNK_ROWS = 32;

    /**
     * The forward pass: the output, the normalised input {@code xhat} (kept for the backward), and per column the
     * batch mean, biased variance, {@code 1 / sqrt(var + eps)} and the scale {@code gamma} (1 without one).
     */
    public record Forward(INDArray out, INDArray xhat, double[] mean, double[] var, double[] rstd, double[] scale) {
    }

    private BatchNormKernels() {
    }

    /** Whether the kernels take this input: a dense row-major float or double matrix on the CPU backend. */
    public static boolean applies(INDArray x) {
        DataType t = x.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && x.rank() == 2 && x.size(0) > 1 && !x.isView()
                && x.ordering() == 'c' && x.data().offset() == 0 && x.data().length() == x.length()
                && Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");
    }

    /**
     * {@code y = (x - mean) / sqrt(var + eps) * gamma + beta} with the batch mean and biased variance of each column;
     * {@code gamma}/{@code beta} may be null.
     */
    public static Forward forward(INDArray v, double[] g, double[] b, double eps) {
        int rows = (int) v.size(0);
        int width = (int) v.size(1);
        Rows in = new Rows(v);
        double[] mean = columnSums(rows, width, (chunk, from, n, sum) -> {
            in.read(from, n, chunk);
            add(chunk, n, width, sum);
        });
        for (int j = 0; j < width; j++) {
            mean[j] /= rows;
        }
        double[] var = columnSums(rows, width, (chunk, from, n, sum) -> {
            in.read(from, n, chunk);
            for (int i = 0; i < n; i += width) {
                for (int j = 0; j < width; j++) {
                    double d = chunk[i + j] - mean[j];
                    sum[j] += d * d;
                }
            }
        });
        double[] rstd = new double[width];
        for (int j = 0; j < width; j++) {
            var[j] /= rows;
            rstd[j] = 1.0 / Math.sqrt(var[j] + eps);
        }
        double[] scale = new double[width];
        double[] shift = new double[width];
        for (int j = 0; j < width; j++) {
            scale[j] = g == null ? 1.0 : g[j];
            shift[j] = b == null ? 0.0 : b[j];
        }
        INDArray xhatArray = v.ulike();
        INDArray out = v.ulike();
        Rows xhat = new Rows(xhatArray);
        Rows y = new Rows(out);
        forChunks(rows, width, (chunk, from, n) -> {
            in.read(from, n, chunk);
            for (int i = 0; i < n; i += width) {
                for (int j = 0; j < width; j++) {
                    chunk[i + j] = (chunk[i + j] - mean[j]) * rstd[j];
                }
            }
            xhat.write(from, n, chunk);
            for (int i = 0; i < n; i += width) {
                for (int j = 0; j < width; j++) {
                    chunk[i + j] = chunk[i + j] * scale[j] + shift[j];
                }
            }
            y.write(from, n, chunk);
        });
        return new Forward(out, xhatArray, mean, var, rstd, scale);
    }

    /** Per column: the sum of {@code grad} (beta's gradient) and of {@code grad * xhat} (gamma's). */
    public static double[][] gradientSums(INDArray grad, INDArray xhatArray) {
        int rows = (int) grad.size(0);
        int width = (int) grad.size(1);
        Rows gr = new Rows(applies(grad) ? grad : grad.dup('c'));
        Rows xhat = new Rows(xhatArray);
        double[][] sums = new double[2][];
        sums[0] = columnSums(rows, width, (chunk, from, n, sum) -> {
            gr.read(from, n, chunk);
            add(chunk, n, width, sum);
        });
        sums[1] = columnSums(rows, width, (chunk, from, n, sum) -> {
            gr.read(from, n, chunk);
            double[] xh = new double[n];
            xhat.read(from, n, xh);
            for (int i = 0; i < n; i += width) {
                for (int j = 0; j < width; j++) {
                    sum[j] += chunk[i + j] * xh[i + j];
                }
            }
        });
        return sums;
    }

    /** {@code dx = rstd gamma (g - sum(g) / N - xhat sum(g xhat) / N)}, from {@link #gradientSums}. */
    public static INDArray inputGradient(INDArray grad, Forward f, double[][] sums) {
        int rows = (int) grad.size(0);
        int width = (int) grad.size(1);
        Rows gr = new Rows(applies(grad) ? grad : grad.dup('c'));
        Rows xhat = new Rows(f.xhat());
        double[] factor = new double[width];
        double[] meanG = new double[width];
        double[] meanGx = new double[width];
        for (int j = 0; j < width; j++) {
            factor[j] = f.rstd()[j] * f.scale()[j];
            meanG[j] = sums[0][j] / rows;
            meanGx[j] = sums[1][j] / rows;
        }
        INDArray dx = f.out().ulike();
        Rows dxRows = new Rows(dx);
        forChunks(rows, width, (chunk, from, n) -> {
            gr.read(from, n, chunk);
            double[] xh = new double[n];
            xhat.read(from, n, xh);
            for (int i = 0; i < n; i += width) {
                for (int j = 0; j < width; j++) {
                    chunk[i + j] = factor[j] * (chunk[i + j] - meanG[j] - xh[i + j] * meanGx[j]);
                }
            }
            dxRows.write(from, n, chunk);
        });
        return dx;
    }

    private static void add(double[] chunk, int n, int width, double[] sum) {
        for (int i = 0; i < n; i += width) {
            for (int j = 0; j < width; j++) {
                sum[j] += chunk[i + j];
            }
        }
    }

    @FunctionalInterface
    private interface ChunkSum {
        void run(double[] chunk, int fromRow, int n, double[] sum);
    }

    @FunctionalInterface
    private interface ChunkPass {
        void run(double[] chunk, int fromRow, int n);
    }

    private static int blocks(int rows, int width) {
        return (long) rows * width < (1 << 15) ? 1 : Math.max(1, Math.min(Concurrency.level(), rows));
    }

    /** Column sums of what {@code body} adds per chunk, over row blocks run in parallel. */
    private static double[] columnSums(int rows, int width, ChunkSum body) {
        int blocks = blocks(rows, width);
        double[][] partial = new double[blocks][width];
        Parallel.forBlocks(blocks, blocks, (first, end) -> {
            double[] chunk = new double[CHUNK_ROWS * width];
            for (int block = first; block < end; block++) {
                int to = (int) ((long) rows * (block + 1) / blocks);
                for (int r = (int) ((long) rows * block / blocks); r < to; r += CHUNK_ROWS) {
                    body.run(chunk, r, (Math.min(to, r + CHUNK_ROWS) - r) * width, partial[block]);
                }
            }
        });
        double[] total = new double[width];
        for (double[] p : partial) {
            for (int j = 0; j < width; j++) {
                total[j] += p[j];
            }
        }
        return total;
    }

    private static void forChunks(int rows, int width, ChunkPass body) {
        Parallel.forBlocks(rows, blocks(rows, width), (from, to) -> {
            double[] chunk = new double[CHUNK_ROWS * width];
            for (int r = from; r < to; r += CHUNK_ROWS) {
                body.run(chunk, r, (Math.min(to, r + CHUNK_ROWS) - r) * width);
            }
        });
    }

    /** Reads and writes whole rows of a dense row-major float or double matrix as doubles. */
    private static final class Rows {
        private final int width;
        private final FloatBuffer floats;
        private final DoubleBuffer doubles;

        Rows(INDArray a) {
            this.width = (int) a.size(1);
            boolean single = a.dataType() == DataType.FLOAT;
            this.floats = single ? a.data().asNioFloat() : null;
            this.doubles = single ? null : a.data().asNioDouble();
        }

        /** {@code n} values from row {@code fromRow} on into {@code dst}. */
        void read(int fromRow, int n, double[] dst) {
            int at = fromRow * width;
            if (doubles != null) {
                doubles.get(at, dst, 0, n);
                return;
            }
            float[] values = new float[n];
            floats.get(at, values, 0, n);
            for (int i = 0; i < n; i++) {
                dst[i] = values[i];
            }
        }

        void write(int fromRow, int n, double[] src) {
            int at = fromRow * width;
            if (doubles != null) {
                doubles.put(at, src, 0, n);
                return;
            }
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = (float) src[i];
            }
            floats.put(at, values, 0, n);
        }
    }
}
