package org.erlangen.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Tall products (more rows than columns) take the transposed route; both routes must give row-major results. */
class MatmulLayoutTest {
    private final Random rng = new Random(3);

    /** The product by loops, as the reference (also for {@link GemmTest}). */
    static double[][] product(double[][] a, double[][] b) {
        double[][] out = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    out[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return out;
    }

    @Test
    void tallAndWideProductsMatchLoopsAndAreRowMajor() {
        for (int[] shape : new int[][] {{50, 7, 3}, {3, 7, 50}, {20, 20, 20}, {1, 5, 1}}) {
            INDArray a = GradCheck.uniform(rng, -1, 1, shape[0], shape[1]);
            INDArray b = GradCheck.uniform(rng, -1, 1, shape[1], shape[2]);
            INDArray out = Ops.matmul(Tensor.constant(a), Tensor.constant(b)).data();
            assertEquals('c', out.ordering());
            assertArrayEquals(new long[] {shape[0], shape[2]}, out.shape());
            double[][] expected = product(a.toDoubleMatrix(), b.toDoubleMatrix());
            for (int i = 0; i < shape[0]; i++) {
                assertArrayEquals(expected[i], out.getRow(i).toDoubleVector(), 1e-12);
            }
        }
    }

    @Test
    void tallProductsInFloat32AgreeWithFloat64() {
        INDArray a = GradCheck.uniform(rng, -1, 1, 300, 25);
        INDArray b = GradCheck.uniform(rng, -1, 1, 25, 16);
        INDArray f64 = Ops.matmul(Tensor.constant(a), Tensor.constant(b)).data();
        INDArray f32 = Ops.matmul(Tensor.constant(a.castTo(DataType.FLOAT)), Tensor.constant(b.castTo(DataType.FLOAT)))
                .data();
        assertEquals(0, f64.sub(f32.castTo(DataType.DOUBLE)).amaxNumber().doubleValue(), 1e-5);
    }

    @Test
    void gradientsOfTallAndWideProducts() {
        GradCheck.check(in -> Ops.matmul(in.get(0), in.get(1)), GradCheck.uniform(rng, -1, 1, 30, 4),
                GradCheck.uniform(rng, -1, 1, 4, 3));
        GradCheck.check(in -> Ops.matmul(in.get(0), in.get(1)), GradCheck.uniform(rng, -1, 1, 3, 4),
                GradCheck.uniform(rng, -1, 1, 4, 30));
        // a transposed view as input
        GradCheck.check(in -> Ops.matmul(Shapes.transpose(in.get(0)), in.get(1)),
                GradCheck.uniform(rng, -1, 1, 4, 30), GradCheck.uniform(rng, -1, 1, 4, 5));
    }

    @Test
    void fusedLinearEqualsProductPlusBiasWithGradients() {
        for (int[] shape : new int[][] {{40, 6, 3}, {3, 6, 40}}) {
            INDArray x = GradCheck.uniform(rng, -1, 1, shape[0], shape[1]);
            INDArray w = GradCheck.uniform(rng, -1, 1, shape[1], shape[2]);
            INDArray b = GradCheck.uniform(rng, -1, 1, shape[2]);
            INDArray fused = Ops.linear(Tensor.constant(x), Tensor.constant(w), Tensor.constant(b)).data();
            INDArray plain = Ops.add(Ops.matmul(Tensor.constant(x), Tensor.constant(w)), Tensor.constant(b)).data();
            assertEquals(0, fused.sub(plain).amaxNumber().doubleValue(), 1e-14);
            GradCheck.check(in -> Ops.linear(in.get(0), in.get(1), in.get(2)), x, w, b);
        }
    }

    @Test
    void columnSumsOfFloatMatricesMatchDoubleSums() {
        for (int[] shape : new int[][] {{2000, 64}, {37, 11}, {5, 1}}) {
            INDArray g = GradCheck.uniform(rng, -1, 1, shape[0], shape[1]);
            INDArray expected = g.sum(0);
            INDArray f32 = Reductions.columnSums(g.castTo(DataType.FLOAT));
            assertArrayEquals(new long[] {shape[1]}, f32.shape());
            assertEquals(0, expected.sub(f32.castTo(DataType.DOUBLE)).amaxNumber().doubleValue(), 1e-3);
            assertEquals(0, expected.sub(Reductions.columnSums(g)).amaxNumber().doubleValue(), 1e-12);
        }
    }
}
