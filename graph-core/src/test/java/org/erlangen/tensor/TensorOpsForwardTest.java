package org.erlangen.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Forward values of the dense ops against element-by-element reference computations. */
class TensorOpsForwardTest {
    private static final double EPS = 1e-12;
    private final Random rng = new Random(7);

    private static Tensor c(INDArray a) {
        return Tensor.constant(a);
    }

    private static void assertElementwise(INDArray x, INDArray y, DoubleUnaryOperator f, double tol) {
        assertArrayEquals(x.shape(), y.shape());
        for (int i = 0; i < x.length(); i++) {
            assertEquals(f.applyAsDouble(x.getDouble(i)), y.getDouble(i), tol, "element " + i + " of f("
                    + x.getDouble(i) + ")");
        }
    }

    @Test
    void broadcastingArithmetic() {
        INDArray a = GradCheck.uniform(rng, -1, 1, 3, 4);
        INDArray row = GradCheck.uniform(rng, 0.5, 2, 4);
        INDArray col = GradCheck.uniform(rng, 0.5, 2, 3, 1);
        INDArray sum = Ops.add(c(a), c(row)).data();
        INDArray diff = Ops.sub(c(a), c(col)).data();
        INDArray prod = Ops.mul(c(col), c(a)).data();
        INDArray quot = Ops.div(c(a), c(row)).data();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                double v = a.getDouble(i, j);
                assertEquals(v + row.getDouble(j), sum.getDouble(i, j), EPS);
                assertEquals(v - col.getDouble(i, 0), diff.getDouble(i, j), EPS);
                assertEquals(v * col.getDouble(i, 0), prod.getDouble(i, j), EPS);
                assertEquals(v / row.getDouble(j), quot.getDouble(i, j), EPS);
            }
        }
        assertElementwise(a, Ops.mul(c(a), -3.0).data(), v -> -3 * v, EPS);
        assertElementwise(a, Ops.add(c(a), 0.25).data(), v -> v + 0.25, EPS);
        assertElementwise(a, Ops.pow(c(a), 3).data(), v -> v * v * v, EPS);
    }

    @Test
    void matmulAndLinear() {
        INDArray a = GradCheck.uniform(rng, -1, 1, 3, 4);
        INDArray b = GradCheck.uniform(rng, -1, 1, 4, 2);
        INDArray bias = GradCheck.uniform(rng, -1, 1, 2);
        INDArray y = Ops.linear(c(a), c(b), c(bias)).data();
        assertArrayEquals(new long[] {3, 2}, y.shape());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                double s = bias.getDouble(j);
                for (int k = 0; k < 4; k++) {
                    s += a.getDouble(i, k) * b.getDouble(k, j);
                }
                assertEquals(s, y.getDouble(i, j), EPS);
            }
        }
    }

    @Test
    void activations() {
        INDArray x = GradCheck.uniform(rng, -4, 4, 5, 6);
        double c = Math.sqrt(2 / Math.PI);
        assertElementwise(x, Activations.relu(c(x)).data(), v -> Math.max(v, 0), EPS);
        assertElementwise(x, Activations.leakyRelu(c(x), 0.2).data(), v -> v > 0 ? v : 0.2 * v, EPS);
        assertElementwise(x, Activations.elu(c(x), 1.5).data(), v -> v > 0 ? v : 1.5 * (Math.exp(v) - 1), EPS);
        assertElementwise(x, Activations.sigmoid(c(x)).data(), v -> 1 / (1 + Math.exp(-v)), EPS);
        assertElementwise(x, Activations.tanh(c(x)).data(), Math::tanh, EPS);
        assertElementwise(x, Activations.softplus(c(x)).data(), v -> Math.log1p(Math.exp(v)), EPS);
        assertElementwise(x, Activations.silu(c(x)).data(), v -> v / (1 + Math.exp(-v)), EPS);
        assertElementwise(x, Activations.gelu(c(x)).data(),
                v -> 0.5 * v * (1 + Math.tanh(c * (v + 0.044715 * v * v * v))), EPS);
        assertElementwise(x, Activations.exp(c(x)).data(), Math::exp, 1e-10);
        INDArray p = GradCheck.uniform(rng, 0.1, 5, 4, 3);
        assertElementwise(p, Activations.log(c(p)).data(), Math::log, EPS);
        assertElementwise(p, Activations.sqrt(c(p)).data(), Math::sqrt, EPS);
        // softplus does not overflow for large inputs
        INDArray big = Nd4j.createFromArray(800.0, -800.0);
        assertElementwise(big, Activations.softplus(c(big)).data(), v -> Math.max(v, 0), EPS);
    }

    @Test
    void reductions() {
        INDArray x = GradCheck.uniform(rng, -1, 1, 3, 4);
        double total = 0;
        for (int i = 0; i < x.length(); i++) {
            total += x.getDouble(i);
        }
        assertEquals(total, Reductions.sum(c(x)).item(), EPS);
        assertEquals(total / 12, Reductions.mean(c(x)).item(), EPS);
        INDArray rowSum = Reductions.sum(c(x), 1, false).data();
        INDArray colMean = Reductions.mean(c(x), 0, true).data();
        INDArray rowMax = Reductions.max(c(x), 1, true).data();
        INDArray colMin = Reductions.min(c(x), 0, false).data();
        assertArrayEquals(new long[] {3}, rowSum.shape());
        assertArrayEquals(new long[] {1, 4}, colMean.shape());
        assertArrayEquals(new long[] {3, 1}, rowMax.shape());
        assertArrayEquals(new long[] {4}, colMin.shape());
        for (int i = 0; i < 3; i++) {
            double s = 0;
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 4; j++) {
                s += x.getDouble(i, j);
                m = Math.max(m, x.getDouble(i, j));
            }
            assertEquals(s, rowSum.getDouble(i), EPS);
            assertEquals(m, rowMax.getDouble(i, 0), 0);
        }
        for (int j = 0; j < 4; j++) {
            double s = 0;
            double m = Double.POSITIVE_INFINITY;
            for (int i = 0; i < 3; i++) {
                s += x.getDouble(i, j);
                m = Math.min(m, x.getDouble(i, j));
            }
            assertEquals(s / 3, colMean.getDouble(0, j), EPS);
            assertEquals(m, colMin.getDouble(j), 0);
        }
    }

    @Test
    void softmaxRowsAndStability() {
        INDArray x = GradCheck.uniform(rng, -3, 3, 4, 5).addi(
                Nd4j.createFromArray(0.0, 1000.0, -1000.0, 0.0).reshape(4, 1)); // large shifts stay finite
        INDArray s = Softmax.softmax(c(x), 1).data();
        INDArray ls = Softmax.logSoftmax(c(x), 1).data();
        for (int i = 0; i < 4; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 5; j++) {
                max = Math.max(max, x.getDouble(i, j));
            }
            double z = 0;
            for (int j = 0; j < 5; j++) {
                z += Math.exp(x.getDouble(i, j) - max);
            }
            for (int j = 0; j < 5; j++) {
                double logP = x.getDouble(i, j) - max - Math.log(z);
                assertEquals(Math.exp(logP), s.getDouble(i, j), EPS);
                assertEquals(logP, ls.getDouble(i, j), 1e-10);
            }
        }
        INDArray sCol = Softmax.softmax(c(x.sub(x.max(true, 1))), 0).data();
        for (int j = 0; j < 5; j++) {
            assertEquals(1.0, sCol.getColumn(j).sumNumber().doubleValue(), EPS);
        }
    }

    @Test
    void shapes() {
        INDArray x = Nd4j.arange(12).castTo(DataType.DOUBLE).reshape(3, 4);
        INDArray r = Shapes.reshape(c(x), 4, 3).data();
        INDArray t = Shapes.transpose(c(x)).data();
        for (int k = 0; k < 12; k++) {
            assertEquals(k, r.getDouble(k / 3, k % 3), 0);
            assertEquals(k, t.getDouble(k % 4, k / 4), 0);
        }
        INDArray y = Nd4j.createFromArray(new double[][] {{100, 101}, {102, 103}, {104, 105}});
        INDArray cat = Shapes.concat(1, c(x), c(y)).data();
        assertArrayEquals(new long[] {3, 6}, cat.shape());
        assertEquals(7, cat.getDouble(1, 3), 0);
        assertEquals(103, cat.getDouble(1, 5), 0);
        INDArray rows = Shapes.concat(0, c(x), c(x)).data();
        assertEquals(11, rows.getDouble(5, 3), 0);
        INDArray sl = Shapes.slice(c(x), 1, 1, 3).data();
        assertArrayEquals(new long[] {3, 2}, sl.shape());
        assertEquals(9, sl.getDouble(2, 0), 0);
        assertEquals(6, sl.getDouble(1, 1), 0);
    }

    @Test
    void noGradRecordsNothing() {
        Tensor p = Tensor.parameter(Nd4j.ones(DataType.DOUBLE, 2, 2));
        UnaryOperator<Tensor> f = x -> Activations.tanh(Ops.mul(x, 2.0));
        assertTrue(f.apply(p).requiresGrad());
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            assertTrue(!f.apply(p).requiresGrad());
        }
        assertTrue(f.apply(p).requiresGrad());
    }
}
