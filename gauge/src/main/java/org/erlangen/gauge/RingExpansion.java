package org.erlangen.gauge;

import org.erlangen.sparse.Buffers;
import org.erlangen.sparse.Parallel;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The differentiable op {@code out[e, k*D + j] = w[e, k] u[e, j]}: each edge's (turned) input copied once per radial
 * ring, scaled by the ring weight, so that one matrix product with the stacked ring kernels [R*D, D_out] applies
 * the interpolated kernel. The weights are constants.
 */
final class RingExpansion {
    private RingExpansion() {
    }

    /** @param weights flat E x rings */
    static Tensor apply(Tensor u, double[] weights, int rings) {
        int rows = (int) u.rows();
        int d = (int) u.size(1);
        if (weights.length != rows * rings) {
            throw new IllegalArgumentException(rows + " edges with " + rings + " rings need " + rows * rings
                    + " weights, got " + weights.length);
        }
        INDArray out = expand(u.data(), weights, rings, rows, d);
        return Tensor.result(out, g -> u.accumulateOwned(reduce(g, weights, rings, rows, d)), u);
    }

    private static INDArray expand(INDArray u, double[] w, int rings, int rows, int d) {
        int width = rings * d;
        if (u.dataType() == DataType.DOUBLE) {
            double[] x = Buffers.doubles(u);
            double[] out = new double[rows * width];
            Parallel.forRows(rows, null, width, (from, to) -> {
                for (int e = from; e < to; e++) {
                    for (int k = 0; k < rings; k++) {
                        double wk = w[e * rings + k];
                        int o = e * width + k * d;
                        for (int j = 0; j < d; j++) {
                            out[o + j] = wk * x[e * d + j];
                        }
                    }
                }
            });
            return Buffers.of(out, rows, width);
        }
        float[] x = Buffers.floats(u);
        float[] out = new float[rows * width];
        Parallel.forRows(rows, null, width, (from, to) -> {
            for (int e = from; e < to; e++) {
                for (int k = 0; k < rings; k++) {
                    float wk = (float) w[e * rings + k];
                    int o = e * width + k * d;
                    for (int j = 0; j < d; j++) {
                        out[o + j] = wk * x[e * d + j];
                    }
                }
            }
        });
        return Buffers.of(out, rows, width);
    }

    private static INDArray reduce(INDArray g, double[] w, int rings, int rows, int d) {
        int width = rings * d;
        if (g.dataType() == DataType.DOUBLE) {
            double[] gs = Buffers.doubles(g);
            double[] out = new double[rows * d];
            Parallel.forRows(rows, null, width, (from, to) -> {
                for (int e = from; e < to; e++) {
                    for (int k = 0; k < rings; k++) {
                        double wk = w[e * rings + k];
                        int o = e * width + k * d;
                        for (int j = 0; j < d; j++) {
                            out[e * d + j] += wk * gs[o + j];
                        }
                    }
                }
            });
            return Buffers.of(out, rows, d);
        }
        float[] gs = Buffers.floats(g);
        float[] out = new float[rows * d];
        Parallel.forRows(rows, null, width, (from, to) -> {
            for (int e = from; e < to; e++) {
                for (int k = 0; k < rings; k++) {
                    float wk = (float) w[e * rings + k];
                    int o = e * width + k * d;
                    for (int j = 0; j < d; j++) {
                        out[e * d + j] += wk * gs[o + j];
                    }
                }
            }
        });
        return Buffers.of(out, rows, d);
    }
}
