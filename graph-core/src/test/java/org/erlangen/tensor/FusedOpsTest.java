package org.erlangen.tensor;

import static org.erlangen.testing.GradCheck.check;
import static org.erlangen.testing.GradCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.kernels.Concurrency;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Sparse;
import org.erlangen.sparse.SparseBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused linear layer, the sparse sum with a self term and the products split over threads: float64 gradients
 * against finite differences on small inputs, and on inputs large enough to take the split and blocked paths, the
 * same values and gradients as the unfused ops.
 */
class FusedOpsTest {
    private final Random rng = new Random(7);

    private INDArray u(long... shape) {
        return uniform(rng, -1, 1, shape);
    }

    @Test
    void fusedLinearGradientsMatchFiniteDifferences() {
        check(in -> Ops.linear(in.get(0), in.get(1), in.get(2), true), u(6, 3), u(3, 4), u(4));
        check(in -> Ops.linear(in.get(0), in.get(1), in.get(2), false), u(6, 3), u(3, 4), u(4));
    }

    @Test
    void fusedLinearEqualsTheComposedOpsOnLargeInputs() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            for (boolean relu : new boolean[] {true, false}) {
                INDArray x = u(1500, 48).castTo(type);
                INDArray w = u(48, 40).castTo(type);
                INDArray b = u(40).castTo(type);
                INDArray seed = u(1500, 40).castTo(type);
                double tol = type == DataType.DOUBLE ? 1e-12 : 1e-4;
                try (var threads = Concurrency.scope(2)) {
                    Tensor[] fused = {Tensor.parameter(x.dup()), Tensor.parameter(w.dup()), Tensor.parameter(b.dup())};
                    Tensor[] plain = {Tensor.parameter(x.dup()), Tensor.parameter(w.dup()), Tensor.parameter(b.dup())};
                    Tensor yf = Ops.linear(fused[0], fused[1], fused[2], relu);
                    Tensor yp = Ops.add(Ops.matmul(plain[0], plain[1]), plain[2]);
                    yp = relu ? Activations.relu(yp) : yp;
                    assertClose(yp.data(), yf.data(), tol, "values, relu " + relu + ", " + type);
                    if (relu) {
                        double zeros = yf.data().eq(0.0).castTo(DataType.DOUBLE).sumNumber().doubleValue();
                        assertTrue(zeros > 0.2 * yf.data().length(), "the ReLU cut about half the values");
                    }
                    yf.backward(seed);
                    yp.backward(seed);
                    for (int i = 0; i < 3; i++) {
                        assertClose(plain[i].grad(), fused[i].grad(), tol, "gradient " + i + ", relu " + relu);
                    }
                }
            }
        }
    }

    @Test
    void fusedLinearLeavesInputsThatNeedNoGradientAlone() {
        Tensor x = Tensor.constant(u(5, 3));
        Tensor w = Tensor.parameter(u(3, 2));
        Tensor b = Tensor.constant(u(2));
        Ops.linear(x, w, b, true).sum().backward();
        assertEquals(null, x.grad());
        assertEquals(null, b.grad());
        assertTrue(w.grad() != null);
    }

    @Test
    void linearWithRootGradientsMatchFiniteDifferences() {
        for (boolean relu : new boolean[] {true, false}) {
            // root rows past the aggregated ones (a sampled layer's senders), and as many
            check(in -> Ops.linearWithRoot(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), relu),
                    u(4, 3), u(3, 5), u(7, 2), u(2, 5), u(5));
            check(in -> Ops.linearWithRoot(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), relu),
                    u(4, 3), u(3, 5), u(4, 2), u(2, 5), u(5));
            // aggregated rows already transformed, no bias
            check(in -> Ops.linearWithRoot(in.get(0), null, in.get(1), in.get(2), null, relu),
                    u(4, 5), u(6, 2), u(2, 5));
        }
    }

    @Test
    void linearWithRootEqualsTheComposedOpsOnLargeInputs() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            for (boolean transformed : new boolean[] {true, false}) {
                for (boolean relu : new boolean[] {true, false}) {
                    // 1200 receivers among 1700 senders: rows and products large enough to split over two threads
                    INDArray[] values = {u(1200, transformed ? 40 : 48), u(48, 40), u(1700, 32), u(32, 40), u(40)};
                    INDArray seed = u(1200, 40).castTo(type);
                    double tol = type == DataType.DOUBLE ? 1e-12 : 1e-4;
                    try (var threads = Concurrency.scope(2)) {
                        Tensor[] fused = new Tensor[5];
                        Tensor[] plain = new Tensor[5];
                        for (int i = 0; i < 5; i++) {
                            fused[i] = Tensor.parameter(values[i].castTo(type));
                            plain[i] = Tensor.parameter(values[i].castTo(type));
                        }
                        Tensor yf = Ops.linearWithRoot(fused[0], transformed ? null : fused[1], fused[2], fused[3],
                                fused[4], relu);
                        Tensor yp = Ops.add(Ops.add(transformed ? plain[0] : Ops.matmul(plain[0], plain[1]),
                                Ops.matmul(Shapes.slice(plain[2], 0, 0, 1200), plain[3])), plain[4]);
                        yp = relu ? Activations.relu(yp) : yp;
                        String what = type + (transformed ? ", transformed" : "") + (relu ? ", relu" : "");
                        assertClose(yp.data(), yf.data(), tol, "values, " + what);
                        yf.backward(seed);
                        yp.backward(seed);
                        for (int i = 0; i < 5; i++) {
                            if (!(transformed && i == 1)) {
                                assertClose(plain[i].grad(), fused[i].grad(), tol, "gradient " + i + ", " + what);
                            }
                        }
                        assertEquals(0.0, fused[2].grad().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1200,
                                1700), org.nd4j.linalg.indexing.NDArrayIndex.all()).amaxNumber().doubleValue(),
                                "rows past the receivers get no gradient");
                    }
                }
            }
        }
    }

    @Test
    void linearWithRootRefusesFewerRootRowsThanAggregatedOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Ops.linearWithRoot(Tensor.constant(u(5, 3)),
                Tensor.constant(u(3, 2)), Tensor.constant(u(4, 3)), Tensor.constant(u(3, 2)), null, false));
        assertTrue(e.getMessage().contains("5 aggregated rows but only 4 root rows"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(SparseBackend.class)
    void spmmPlusSelfGradientsMatchFiniteDifferences(SparseBackend backend) {
        try (var scope = SparseBackend.use(backend)) {
            Csr csr = Csr.fromCoo(new int[] {0, 0, 1, 2, 3, 3}, new int[] {1, 2, 0, 3, 0, 1}, 4, 4).csr();
            check(in -> Sparse.spmmPlusSelf(csr, in.get(0), 1.3), u(4, 3));
        }
    }

    @Test
    void spmmPlusSelfEqualsNeighbourSumPlusScaledSelf() {
        int n = 900;
        int[] rows = new int[4 * n];
        int[] cols = new int[4 * n];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = k % n;
            cols[k] = rng.nextInt(n);
        }
        Csr csr = Csr.fromCoo(rows, cols, n, n).csr();
        INDArray x = u(n, 40).castTo(DataType.FLOAT);
        INDArray seed = u(n, 40).castTo(DataType.FLOAT);
        try (var threads = Concurrency.scope(2)) {
            Tensor a = Tensor.parameter(x.dup());
            Tensor b = Tensor.parameter(x.dup());
            Tensor fused = Sparse.spmmPlusSelf(csr, a, 0.75);
            Tensor plain = Ops.add(Sparse.spmm(csr, null, b), Ops.mul(b, 0.75));
            assertClose(plain.data(), fused.data(), 1e-5, "values");
            fused.backward(seed);
            plain.backward(seed);
            assertClose(b.grad(), a.grad(), 1e-5, "gradients");
        }
    }

    @Test
    void spmmPlusSelfRefusesARectangularPattern() {
        Csr csr = Csr.fromCoo(new int[] {0, 1}, new int[] {2, 0}, 2, 3).csr();
        var e = assertThrows(IllegalArgumentException.class,
                () -> Sparse.spmmPlusSelf(csr, Tensor.constant(u(3, 2)), 1.0));
        assertTrue(e.getMessage().contains("square"), e.getMessage());
    }

    @Test
    void splitProductsEqualOneCall() {
        // 2000 x 64 x 40 multiply-adds is above the split threshold; each transposition the layers use
        INDArray a = u(2000, 64).castTo(DataType.FLOAT);
        INDArray b = u(64, 40).castTo(DataType.FLOAT);
        INDArray g = u(2000, 40).castTo(DataType.FLOAT);
        INDArray bt = u(64, 40).castTo(DataType.FLOAT);
        try (var threads = Concurrency.scope(2)) {
            assertSplitAgrees(a, b, false, false, 2000, 40);
            assertSplitAgrees(g, bt, false, true, 2000, 64);
            assertSplitAgrees(a, g, true, false, 64, 40);
        }
    }

    private static void assertSplitAgrees(INDArray a, INDArray b, boolean ta, boolean tb, long rows, long cols) {
        INDArray split = Nd4j.createUninitialized(DataType.FLOAT, rows, cols);
        Gemm.product(a, b, split, ta, tb);
        INDArray one = Nd4j.createUninitialized(DataType.FLOAT, rows, cols);
        Nd4j.gemm(a, b, one, ta, tb, 1.0, 0.0);
        assertClose(one, split, 1e-5, "transA " + ta + " transB " + tb);
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double scale = Math.max(1.0, expected.castTo(DataType.DOUBLE).amaxNumber().doubleValue());
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= tol * scale, what + ": largest difference " + diff);
    }
}
