package org.erlangen.gauge;

import java.util.Arrays;
import org.erlangen.kernels.Parallel;
import org.erlangen.tensor.Tensor;
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
                    + "], got " + Arrays.toString(x.shape()));
        }
        if (x.rows() != angles.rows()) {
            throw new IllegalArgumentException(x.rows() + " feature rows but " + angles.rows() + " angles");
        }
        if (angles.maxOrder() < irreps.maxOrder()) {
            throw new IllegalArgumentException("angle tables reach order " + angles.maxOrder() + ", features " + irreps
                    + " need order " + irreps.maxOrder());
        }
    }

    /** Every row turned by its angle, or by minus its angle when {@code inverse}; a new array of x's type. */
    static INDArray rotate(INDArray x, Irreps irreps, RowAngles angles, boolean inverse) {
        int rows = (int) x.size(0);
        int d = irreps.dim();
        RowBuffer in = RowBuffer.of(x);
        RowBuffer out = RowBuffer.create(x.dataType(), rows, d);
        Parallel.forRows(rows, null, d, (from, to) -> {
            double[] row = new double[d];
            for (int r = from; r < to; r++) {
                in.get(r * d, row, d);
                rotateRow(row, 0, irreps, angles, r, inverse);
                out.put(r * d, row, d);
            }
        });
        return out.array(x.dataType());
    }

    /** Turns one row held at {@code v[offset..]} by the angle of row {@code r} (minus it when inverse). */
    static void rotateRow(double[] v, int offset, Irreps irreps, RowAngles angles, int r, boolean inverse) {
        int[] cols = irreps.pairColumns();
        int[] orders = irreps.pairOrders();
        int m = angles.maxOrder();
        double[] cos = angles.cosTable();
        double[] sin = angles.sinTable();
        double sign = inverse ? -1 : 1;
        for (int k = 0; k < cols.length; k++) {
            int t = r * m + orders[k] - 1;
            double c = cos[t];
            double s = sign * sin[t];
            int i = offset + cols[k];
            double a = v[i];
            double b = v[i + 1];
            v[i] = c * a - s * b;
            v[i + 1] = s * a + c * b;
        }
    }
}
