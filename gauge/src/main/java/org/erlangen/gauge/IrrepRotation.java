package org.erlangen.gauge;

import org.erlangen.sparse.Buffers;
import org.erlangen.sparse.Parallel;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The differentiable op {@code y[r] = rho(a_r) x[r]}: every row of a feature matrix turned by its own angle. Since
 * rho(a) is orthogonal, the backward pass is the same kernel with the inverse angles: {@code dx[r] = rho(-a_r) dy[r]}.
 */
final class IrrepRotation {
    private IrrepRotation() {
    }

    static Tensor apply(Tensor x, Irreps irreps, RowAngles angles) {
        check(x, irreps, angles);
        INDArray out = rotate(x.data(), irreps, angles, false);
        return Tensor.result(out, g -> x.accumulateOwned(rotate(g, irreps, angles, true)), x);
    }

    static void check(Tensor x, Irreps irreps, RowAngles angles) {
        if (x.rank() != 2 || x.size(1) != irreps.dim()) {
            throw new IllegalArgumentException("features of type " + irreps + " need shape [N, " + irreps.dim()
                    + "], got " + java.util.Arrays.toString(x.shape()));
        }
        if (x.rows() != angles.rows()) {
            throw new IllegalArgumentException(x.rows() + " feature rows but " + angles.rows() + " angles");
        }
        if (angles.maxOrder() < irreps.maxOrder()) {
            throw new IllegalArgumentException("angle tables reach order " + angles.maxOrder() + ", features " + irreps
                    + " need order " + irreps.maxOrder());
        }
    }

    /** Rotates every row by its angle, or by minus its angle when {@code inverse}. */
    static INDArray rotate(INDArray x, Irreps irreps, RowAngles angles, boolean inverse) {
        int rows = (int) x.size(0);
        int width = irreps.dim();
        int[] cols = irreps.pairColumns();
        int[] orders = irreps.pairOrders();
        int m = angles.maxOrder();
        double[] cos = angles.cosTable();
        double[] sin = angles.sinTable();
        double sign = inverse ? -1 : 1;
        if (x.dataType() == DataType.DOUBLE) {
            double[] v = Buffers.doubles(x);
            Parallel.forRows(rows, null, width, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int base = r * width;
                    for (int k = 0; k < cols.length; k++) {
                        int t = r * m + orders[k] - 1;
                        double c = cos[t];
                        double s = sign * sin[t];
                        int i = base + cols[k];
                        double a = v[i];
                        double b = v[i + 1];
                        v[i] = c * a - s * b;
                        v[i + 1] = s * a + c * b;
                    }
                }
            });
            return Buffers.of(v, rows, width);
        }
        float[] v = Buffers.floats(x);
        Parallel.forRows(rows, null, width, (from, to) -> {
            for (int r = from; r < to; r++) {
                int base = r * width;
                for (int k = 0; k < cols.length; k++) {
                    int t = r * m + orders[k] - 1;
                    float c = (float) cos[t];
                    float s = (float) (sign * sin[t]);
                    int i = base + cols[k];
                    float a = v[i];
                    float b = v[i + 1];
                    v[i] = c * a - s * b;
                    v[i + 1] = s * a + c * b;
                }
            }
        });
        return Buffers.of(v, rows, width);
    }
}
