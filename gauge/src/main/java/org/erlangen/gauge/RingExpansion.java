package org.erlangen.gauge;

import java.util.Arrays;
import org.erlangen.kernels.Parallel;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The differentiable op {@code out[e, k*D + j] = w[e, k] (rho(a_e) u[e])_j}: each edge's input turned by its angle
 * and copied once per radial ring, scaled by the ring weight, so that one matrix product with the stacked ring
 * kernels [R*D, D_out] applies the interpolated kernel. Turning and copying are one pass; the weights and angles are
 * constants. The backward sums the ring copies and turns back.
 */
final class RingExpansion {
    private RingExpansion() {
    }

    /** @param weights flat E x rings */
    static Tensor apply(Tensor u, Irreps irreps, RowAngles angles, double[] weights, int rings) {
        IrrepRotation.check(u, irreps, angles);
        int rows = (int) u.rows();
        int d = irreps.dim();
        if (weights.length != rows * rings) {
            throw new IllegalArgumentException(rows + " edges with " + rings + " rings need " + rows * rings
                    + " weights, got " + weights.length);
        }
        RowBuffer in = RowBuffer.of(u.data());
        RowBuffer out = RowBuffer.create(u.dtype(), rows, (long) rings * d);
        int width = rings * d;
        Parallel.forRows(rows, null, width, (from, to) -> {
            double[] row = new double[d];
            double[] copy = new double[d];
            for (int e = from; e < to; e++) {
                in.get(e * d, row, d);
                IrrepRotation.rotateRow(row, 0, irreps, angles, e, false);
                for (int k = 0; k < rings; k++) {
                    double wk = weights[e * rings + k];
                    for (int j = 0; j < d; j++) {
                        copy[j] = wk * row[j];
                    }
                    out.put(e * width + k * d, copy, d);
                }
            }
        });
        return Tensor.result(out.array(u.dtype()), g -> {
            RowBuffer gin = RowBuffer.of(g);
            RowBuffer gout = RowBuffer.create(u.dtype(), rows, d);
            Parallel.forRows(rows, null, width, (from, to) -> {
                double[] sum = new double[d];
                double[] part = new double[d];
                for (int e = from; e < to; e++) {
                    Arrays.fill(sum, 0);
                    for (int k = 0; k < rings; k++) {
                        double wk = weights[e * rings + k];
                        gin.get(e * width + k * d, part, d);
                        for (int j = 0; j < d; j++) {
                            sum[j] += wk * part[j];
                        }
                    }
                    IrrepRotation.rotateRow(sum, 0, irreps, angles, e, true);
                    gout.put(e * d, sum, d);
                }
            });
            INDArray grad = gout.array(u.dtype());
            u.accumulateOwned(grad);
        }, u);
    }
}
