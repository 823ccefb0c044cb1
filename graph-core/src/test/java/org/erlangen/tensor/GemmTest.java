package org.erlangen.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.kernels.Concurrency;
import org.erlangen.kernels.Termination;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Products through CBLAS on the arrays' memory: every layout an operand may come in (row-major, a transposed view, a
 * block of rows or columns of a larger array, a row or column vector) and every way a product is split over threads
 * (by output rows, by the shared dimension, two products at once) against products by loops.
 */
class GemmTest {
    private final Random rng = new Random(11);

    private static double[][] reference(INDArray a, INDArray b, boolean transA, boolean transB) {
        return MatmulLayoutTest.product((transA ? a.transpose() : a).toDoubleMatrix(),
                (transB ? b.transpose() : b).toDoubleMatrix());
    }

    private static double largestDifference(double[][] expected, INDArray actual) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[0].length; j++) {
                worst = Math.max(worst, Math.abs(expected[i][j] - actual.getDouble(i, j)));
            }
        }
        return worst;
    }

    /** {@code m} as one of several layouts with the same values. */
    private INDArray layout(INDArray m, int kind) {
        long r = m.size(0);
        long c = m.size(1);
        return switch (kind) {
            case 0 -> m.dup('c');
            case 1 -> m.transpose().dup('c').transpose(); // column-major memory
            case 2 -> { // rows 2.. of a taller array
                INDArray big = GradCheck.uniform(rng, -1, 1, r + 3, c).castTo(m.dataType());
                INDArray view = big.get(NDArrayIndex.interval(2, 2 + r), NDArrayIndex.all());
                view.assign(m);
                yield view;
            }
            default -> { // columns 1.. of a wider array: a leading dimension larger than the width
                INDArray big = GradCheck.uniform(rng, -1, 1, r, c + 4).castTo(m.dataType());
                INDArray view = big.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + c));
                view.assign(m);
                yield view;
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"DOUBLE", "FLOAT"})
    void everyLayoutAndTransposeMatchesLoops(String type) {
        DataType dtype = DataType.valueOf(type);
        double tolerance = dtype == DataType.DOUBLE ? 1e-12 : 1e-4;
        for (int[] shape : new int[][] {{7, 5, 3}, {1, 6, 4}, {6, 1, 5}, {5, 4, 1}}) {
            for (int kind = 0; kind < 4; kind++) {
                for (int t = 0; t < 4; t++) {
                    boolean transA = (t & 1) != 0;
                    boolean transB = (t & 2) != 0;
                    INDArray a0 = GradCheck.uniform(rng, -1, 1, transA ? shape[1] : shape[0],
                            transA ? shape[0] : shape[1]).castTo(dtype);
                    INDArray b0 = GradCheck.uniform(rng, -1, 1, transB ? shape[2] : shape[1],
                            transB ? shape[1] : shape[2]).castTo(dtype);
                    INDArray a = layout(a0, kind);
                    INDArray b = layout(b0, 3 - kind);
                    INDArray out = layout(Nd4j.zeros(dtype, shape[0], shape[2]), (kind + t) % 4);
                    out.assign(Double.NaN);
                    Gemm.product(a, b, out, transA, transB);
                    double diff = largestDifference(reference(a0, b0, transA, transB), out);
                    assertTrue(diff < tolerance, "shape " + java.util.Arrays.toString(shape) + " layout " + kind
                            + " trans " + t + ": off by " + diff);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void productsSplitOverThreadsMatchLoops(int threads) {
        try (var ignored = Concurrency.scope(threads)) {
            // split by output rows
            INDArray x = GradCheck.uniform(rng, -1, 1, 1100, 48);
            INDArray w = GradCheck.uniform(rng, -1, 1, 48, 40);
            INDArray xw = Nd4j.create(DataType.DOUBLE, 1100, 40);
            Gemm.product(x, w, xw, false, false);
            assertEquals(0, largestDifference(reference(x, w, false, false), xw), 1e-11);
            // split along the shared dimension: x^T g
            INDArray g = GradCheck.uniform(rng, -1, 1, 1100, 40);
            INDArray xg = Nd4j.create(DataType.DOUBLE, 48, 40);
            Gemm.product(x, g, xg, true, false);
            assertEquals(0, largestDifference(reference(x, g, true, false), xg), 1e-11);
            // the two products of a backward pass at once
            INDArray gx = Nd4j.create(DataType.DOUBLE, 1100, 48);
            INDArray gw = Nd4j.create(DataType.DOUBLE, 48, 40);
            Gemm.both(g, w, gx, false, true, x, g, gw, true, false);
            assertEquals(0, largestDifference(reference(g, w, false, true), gx), 1e-11);
            assertEquals(0, largestDifference(reference(x, g, true, false), gw), 1e-11);
        }
    }

    /**
     * A product above {@link Gemm#CHECKED_WORK} runs in slabs of rows with a termination check before each, with the
     * values of one BLAS call but for the last bits: [2100, 2048] x [2048, 2048] is 9e9 multiply-adds, two slabs on
     * two threads.
     */
    @Test
    void productsAboveTheCheckedWorkRunInCheckedSlabs() {
        INDArray a = GradCheck.uniform(rng, -1, 1, 2100, 2048).castTo(DataType.FLOAT);
        INDArray b = GradCheck.uniform(rng, -1, 1, 2048, 2048).castTo(DataType.FLOAT);
        assertTrue(2100L * 2048 * 2048 > Gemm.CHECKED_WORK);
        INDArray once = Nd4j.create(DataType.FLOAT, 2100, 2048);
        Blas.Product.of(a, false, b, false, once).run();
        INDArray slabs = Nd4j.create(DataType.FLOAT, 2100, 2048);
        int[] checks = {0};
        try (var threads = Concurrency.scope(2); var check = Termination.checkedBy(() -> checks[0]++)) {
            Gemm.product(a, b, slabs, false, false);
        }
        assertEquals(3, checks[0], "a check on entry and one before each of the two slabs");
        float[] expected = once.data().asFloat();
        float[] actual = slabs.data().asFloat();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-3, "element " + i);
        }

        INDArray stopped = Nd4j.create(DataType.FLOAT, 2100, 2048).assign(Float.NaN);
        checks[0] = 0;
        try (var threads = Concurrency.scope(2); var check = Termination.checkedBy(() -> {
            if (++checks[0] > 2) { // the check before the second slab throws
                throw new IllegalStateException("terminated");
            }
        })) {
            var e = assertThrows(IllegalStateException.class, () -> Gemm.product(a, b, stopped, false, false));
            assertEquals("terminated", e.getMessage());
        }
        assertEquals(slabs.getFloat(0, 0), stopped.getFloat(0, 0), "the first slab ran");
        assertTrue(Float.isNaN(stopped.getFloat(2099, 2047)), "the second slab did not run");
    }
}
