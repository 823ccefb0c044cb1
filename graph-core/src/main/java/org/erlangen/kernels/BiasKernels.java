package org.erlangen.kernels;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The row-wise passes of a fused linear layer, in Java over ND4J's off-heap buffers: adding the bias (and ReLU) to a
 * product in place, and masking the gradient while summing its columns for the bias. ND4J needs two or three calls
 * for each (a broadcast add, a max; a sign, a multiply, a product with ones), each a full sweep with its own
 * allocation; on a [3860, 64] batch of molecules those calls cost more than the products themselves.
 */
public final class BiasKernels {
    /** Rows copied out per chunk: small enough to stay in the first-level cache. */
    private static final int CHUNK_ROWS = 32;

    private BiasKernels() {
    }

    /** Whether these passes apply: a dense row-major float or double matrix on the CPU backend. */
    public static boolean applies(INDArray a) {
        DataType t = a.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && a.rank() == 2 && !a.isView() && a.ordering() == 'c'
                && a.data().offset() == 0 && a.data().length() == a.length()
                && Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");
    }

    /** {@code out = out + bias} on every row, then {@code max(out, 0)} when {@code relu}; in place. */
    public static void addBias(INDArray out, INDArray bias, boolean relu) {
        int rows = (int) out.size(0);
        int width = (int) out.size(1);
        double[] b = Buffers.valuesAsDoubles(bias);
        boolean vector = Vectorization.enabled();
        if (out.dataType() == DataType.FLOAT) {
            float[] bf = new float[width];
            for (int j = 0; j < width; j++) {
                bf[j] = (float) b[j];
            }
            FloatBuffer all = out.data().asNioFloat();
            forBlocks(rows, width, (from, to) -> {
                float[] chunk = new float[CHUNK_ROWS * width];
                for (int r = from; r < to; r += CHUNK_ROWS) {
                    int n = (Math.min(to, r + CHUNK_ROWS) - r) * width;
                    all.get(r * width, chunk, 0, n);
                    if (vector) {
                        VectorBiasKernels.addBias(chunk, n, bf, width, relu);
                    } else {
                        for (int i = 0; i < n; i += width) {
                            for (int j = 0; j < width; j++) {
                                float v = chunk[i + j] + bf[j];
                                chunk[i + j] = relu ? Math.max(v, 0f) : v;
                            }
                        }
                    }
                    all.put(r * width, chunk, 0, n);
                }
            });
        } else {
            DoubleBuffer all = out.data().asNioDouble();
            forBlocks(rows, width, (from, to) -> {
                double[] chunk = new double[CHUNK_ROWS * width];
                for (int r = from; r < to; r += CHUNK_ROWS) {
                    int n = (Math.min(to, r + CHUNK_ROWS) - r) * width;
                    all.get(r * width, chunk, 0, n);
                    for (int i = 0; i < n; i += width) {
                        for (int j = 0; j < width; j++) {
                            double v = chunk[i + j] + b[j];
                            chunk[i + j] = relu && v < 0 ? 0.0 : v;
                        }
                    }
                    all.put(r * width, chunk, 0, n);
                }
            });
        }
    }

    /**
     * The gradient before the ReLU ({@code g} where {@code out > 0}, zero elsewhere; {@code g} itself without ReLU)
     * written to {@code masked}, and its column sums: the bias gradient, one value per column.
     */
    public static INDArray maskAndSumColumns(INDArray g, INDArray out, boolean relu, INDArray masked) {
        int rows = (int) g.size(0);
        int width = (int) g.size(1);
        int blocks = blockCount(rows, width);
        double[][] sums = new double[blocks][width];
        boolean vector = Vectorization.enabled();
        if (g.dataType() == DataType.FLOAT) {
            FloatBuffer gb = g.data().asNioFloat();
            FloatBuffer ob = out.data().asNioFloat();
            FloatBuffer mb = masked.data().asNioFloat();
            Parallel.forBlocks(blocks, blocks, (firstBlock, endBlock) -> {
                for (int block = firstBlock; block < endBlock; block++) {
                    float[] sum = new float[width];
                    float[] chunk = new float[CHUNK_ROWS * width];
                    float[] mask = relu ? new float[CHUNK_ROWS * width] : null;
                    for (int r = rowStart(rows, blocks, block), to = rowStart(rows, blocks, block + 1); r < to;
                            r += CHUNK_ROWS) {
                        int n = (Math.min(to, r + CHUNK_ROWS) - r) * width;
                        gb.get(r * width, chunk, 0, n);
                        if (relu) {
                            ob.get(r * width, mask, 0, n);
                        }
                        if (vector) {
                            VectorBiasKernels.maskAndSum(chunk, mask, n, width, relu, sum);
                        } else {
                            for (int i = 0; i < n; i += width) {
                                for (int j = 0; j < width; j++) {
                                    float v = relu && !(mask[i + j] > 0) ? 0f : chunk[i + j];
                                    chunk[i + j] = v;
                                    sum[j] += v;
                                }
                            }
                        }
                        mb.put(r * width, chunk, 0, n);
                    }
                    for (int j = 0; j < width; j++) {
                        sums[block][j] = sum[j];
                    }
                }
            });
        } else {
            DoubleBuffer gb = g.data().asNioDouble();
            DoubleBuffer ob = out.data().asNioDouble();
            DoubleBuffer mb = masked.data().asNioDouble();
            Parallel.forBlocks(blocks, blocks, (firstBlock, endBlock) -> {
                for (int block = firstBlock; block < endBlock; block++) {
                    double[] sum = sums[block];
                    double[] chunk = new double[CHUNK_ROWS * width];
                    double[] mask = relu ? new double[CHUNK_ROWS * width] : null;
                    for (int r = rowStart(rows, blocks, block), to = rowStart(rows, blocks, block + 1); r < to;
                            r += CHUNK_ROWS) {
                        int n = (Math.min(to, r + CHUNK_ROWS) - r) * width;
                        gb.get(r * width, chunk, 0, n);
                        if (relu) {
                            ob.get(r * width, mask, 0, n);
                        }
                        for (int i = 0; i < n; i += width) {
                            for (int j = 0; j < width; j++) {
                                double v = relu && !(mask[i + j] > 0) ? 0.0 : chunk[i + j];
                                chunk[i + j] = v;
                                sum[j] += v;
                            }
                        }
                        mb.put(r * width, chunk, 0, n);
                    }
                }
            });
        }
        double[] total = new double[width];
        for (double[] s : sums) {
            for (int j = 0; j < width; j++) {
                total[j] += s[j];
            }
        }
        INDArray result = Nd4j.createUninitialized(g.dataType(), width);
        Buffers.write(result, total);
        return result;
    }

    private static void forBlocks(int rows, int width, Parallel.RowRange body) {
        Parallel.forBlocks(rows, blockCount(rows, width), body);
    }

    /** One block per thread when there is enough work to share, else one. */
    private static int blockCount(int rows, int width) {
        return (long) rows * width < (1 << 15) ? 1 : Math.max(1, Math.min(Concurrency.level(), rows));
    }

    private static int rowStart(int rows, int blocks, int block) {
        return (int) ((long) rows * block / blocks);
    }
}
