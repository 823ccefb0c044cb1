package org.erlangen.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.erlangen.kernels.Buffers;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The Java kernels and ND4J's ops give the same values and the same gradients of every input, for every sparse
 * operation, on patterns with empty rows and segments, isolated nodes, repeated entries, self loops, one row and no
 * entries at all. Float64 within 1e-10 (relative to the magnitude where it exceeds 1); ties of max and min go to the
 * first row on both. The finite-difference checks of these operations (TensorOpsGradTest, FusedOpsTest, gnn's
 * HeadsTest) run on both backends.
 */
class SparseBackendsTest {
    private static final double TOLERANCE = 1e-10;

    /** An operation on some inputs, each of which requires a gradient. */
    private record Case(String name, Function<List<Tensor>, Tensor> op, INDArray... inputs) {
    }

    static Stream<Arguments> patterns() {
        Random rng = new Random(11);
        // 10 nodes: rows 7-9 receive nothing, node 9 sends nothing either (isolated); two self loops and an entry
        // repeated three times on top of random ones
        List<int[]> pairs = new ArrayList<>();
        for (int k = 0; k < 24; k++) {
            pairs.add(new int[] {rng.nextInt(7), rng.nextInt(9)});
        }
        pairs.addAll(List.of(new int[] {2, 2}, new int[] {5, 5}, new int[] {1, 3}, new int[] {1, 3},
                new int[] {1, 3}));
        return Stream.of(
                Arguments.of("random graph", coo(pairs, 10, 10)),
                Arguments.of("rectangular", coo(randomPairs(rng, 15, 6, 8), 6, 8)),
                Arguments.of("one row", coo(List.of(new int[] {0, 4}, new int[] {0, 0}, new int[] {0, 4}), 1, 5)),
                Arguments.of("one node with a repeated self loop",
                        coo(List.of(new int[] {0, 0}, new int[] {0, 0}), 1, 1)),
                Arguments.of("no entries", coo(List.of(), 4, 4)),
                Arguments.of("no entries, rectangular", coo(List.of(), 3, 2)));
    }

    static Stream<Arguments> segments() {
        return Stream.of(
                Arguments.of("empty first, inner and last segments", Segments.ofSizes(new int[] {0, 3, 0, 1, 4, 0, 0})),
                Arguments.of("one segment", Segments.ofSizes(new int[] {5})),
                Arguments.of("one segment of one row", Segments.ofSizes(new int[] {1})),
                Arguments.of("rows of a graph", ((Csr) patterns().findFirst().orElseThrow().get()[1]).rows()),
                Arguments.of("no rows", Segments.ofSizes(new int[] {0, 0, 0})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void patternOpsAgree(String name, Csr csr) {
        for (Case c : csrCases(csr, new Random(3))) {
            assertBackendsAgree(c, TOLERANCE, name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("segments")
    void segmentOpsAgree(String name, Segments segments) {
        for (Case c : segmentCases(segments, new Random(5))) {
            assertBackendsAgree(c, TOLERANCE, name);
        }
    }

    @Test
    void float32AgreesToSinglePrecision() {
        Csr csr = (Csr) patterns().findFirst().orElseThrow().get()[1];
        List<Case> cases = new ArrayList<>(csrCases(csr, new Random(7)));
        cases.addAll(segmentCases(csr.rows(), new Random(8)));
        for (Case c : cases) {
            INDArray[] floats = Arrays.stream(c.inputs()).map(a -> a.castTo(DataType.FLOAT)).toArray(INDArray[]::new);
            assertBackendsAgree(new Case(c.name(), c.op(), floats), 1e-5, "float32");
        }
    }

    /**
     * Rows wide enough for the vector kernel's four chunks at a time, with chunks and single columns left over
     * (131 = 2 x 64 + 3): the sum, with and without weights, forward and backward.
     */
    @Test
    void wideFloatRowsAgreeToSinglePrecision() {
        Csr csr = (Csr) patterns().findFirst().orElseThrow().get()[1];
        Random rng = new Random(9);
        for (int width : new int[] {64, 131}) {
            List<Case> cases = List.of(
                    new Case("spmm, width " + width, in -> Sparse.spmm(csr, null, in.get(0)),
                            u(rng, csr.colCount(), width).castTo(DataType.FLOAT)),
                    new Case("spmm with weights, width " + width, in -> Sparse.spmm(csr, in.get(0), in.get(1)),
                            u(rng, csr.entryCount()).castTo(DataType.FLOAT),
                            u(rng, csr.colCount(), width).castTo(DataType.FLOAT)));
            for (Case c : cases) {
                assertBackendsAgree(c, 1e-5, "float32");
            }
        }
    }

    /** The row sums of a chunk of rows, read from heap rows in place, are those rows of the sparse product. */
    @Test
    void rowSumsOfAChunkAreThoseRowsOfTheProduct() {
        Csr csr = (Csr) patterns().findFirst().orElseThrow().get()[1];
        Random rng = new Random(10);
        for (int width : new int[] {3, 131}) {
            INDArray x = u(rng, csr.colCount(), width);
            INDArray all = Sparse.spmm(csr, null, Tensor.constant(x)).data();
            INDArray allFloat = Sparse.spmm(csr, null, Tensor.constant(x.castTo(DataType.FLOAT))).data();
            for (int[] chunk : new int[][] {{0, 10}, {2, 9}, {7, 10}, {9, 10}}) {
                var rows = NDArrayIndex.interval(chunk[0], chunk[1]);
                var all2 = NDArrayIndex.all();
                assertClose(all.get(rows, all2), Sparse.rowSums(csr, chunk[0], chunk[1], Buffers.doubles(x), width),
                        TOLERANCE, "double rows " + Arrays.toString(chunk) + ", width " + width);
                assertClose(allFloat.get(rows, all2), Sparse.rowSums(csr, chunk[0], chunk[1],
                        Buffers.floats(x.castTo(DataType.FLOAT)), width), 1e-6, "float rows "
                        + Arrays.toString(chunk) + ", width " + width);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Sparse.rowSums(csr, 3, 3, new float[30], 3));
        assertThrows(IllegalArgumentException.class, () -> Sparse.rowSums(csr, 0, 2, new float[29], 3));
    }

    @Test
    void maxAndMinRouteTheGradientToTheFirstOfTiedRows() {
        Segments s = Segments.ofSizes(new int[] {3, 0, 2});
        INDArray values = Nd4j.createFromArray(new double[][] {{1, 5}, {4, 5}, {4, 2}, {7, -1}, {7, -1}});
        for (SparseBackend backend : SparseBackend.values()) {
            try (var scope = SparseBackend.use(backend)) {
                Tensor x = Tensor.parameter(values.dup());
                Tensor max = Sparse.segmentMax(x, s);
                max.backward(Nd4j.ones(DataType.DOUBLE, 3, 2));
                assertArrayEquals(new double[] {4, 5, 0, 0, 7, -1}, max.data().dup().data().asDouble(), backend.name());
                assertArrayEquals(new double[] {0, 1, 1, 0, 0, 0, 1, 1, 0, 0}, x.grad().dup().data().asDouble(),
                        backend.name());
                Tensor y = Tensor.parameter(values.dup());
                Tensor min = Sparse.segmentMin(y, s);
                min.backward(Nd4j.ones(DataType.DOUBLE, 3, 2));
                assertArrayEquals(new double[] {1, 2, 0, 0, 7, -1}, min.data().dup().data().asDouble(), backend.name());
                assertArrayEquals(new double[] {1, 0, 0, 0, 0, 1, 1, 1, 0, 0}, y.grad().dup().data().asDouble(),
                        backend.name());
            }
        }
    }

    @Test
    void useSwitchesForAScopeAndRestoresThePreviousBackend() {
        SparseBackend before = SparseBackend.current();
        try (var outer = SparseBackend.use(SparseBackend.ND4J)) {
            assertEquals(SparseBackend.ND4J, SparseBackend.current());
            try (var inner = SparseBackend.use(SparseBackend.JAVA)) {
                assertEquals(SparseBackend.JAVA, SparseBackend.current());
            }
            assertEquals(SparseBackend.ND4J, SparseBackend.current());
        }
        assertEquals(before, SparseBackend.current());
    }

    @Test
    void thePropertyNamesTheBackend() {
        assertEquals(SparseBackend.ND4J, SparseBackend.fromProperty("nd4j"));
        assertEquals(SparseBackend.JAVA, SparseBackend.fromProperty(" Java "));
        assertEquals(SparseBackend.automatic(), SparseBackend.fromProperty("auto"));
        var e = assertThrows(IllegalArgumentException.class, () -> SparseBackend.fromProperty("cuda"));
        assertTrue(e.getMessage().contains("'cuda'"), e.getMessage());
    }

    @Test
    void theJavaKernelsRunByDefaultOnTheCpuBackend() {
        Assumptions.assumeTrue(Buffers.onCpuBackend(), "ND4J runs on another backend here");
        assertEquals(SparseBackend.JAVA, SparseBackend.automatic());
    }

    // ---- cases

    private static List<Case> csrCases(Csr csr, Random rng) {
        int rows = csr.rowCount();
        int cols = csr.colCount();
        int e = csr.entryCount();
        INDArray constantWeights = u(rng, e);
        List<Case> cases = new ArrayList<>(List.of(
                new Case("gatherCols", in -> Sparse.gatherCols(in.get(0), csr), u(rng, cols, 3)),
                new Case("gatherCols of a vector", in -> Sparse.gatherCols(in.get(0), csr), u(rng, cols)),
                new Case("indexSelect", in -> Sparse.indexSelect(in.get(0), csr.toCols()), u(rng, cols, 2)),
                new Case("spmm", in -> Sparse.spmm(csr, null, in.get(0)), u(rng, cols, 3)),
                new Case("spmm with weights", in -> Sparse.spmm(csr, in.get(0), in.get(1)), u(rng, e), u(rng, cols, 3)),
                new Case("spmm with [E, 1] weights", in -> Sparse.spmm(csr, in.get(0), in.get(1)), u(rng, e, 1),
                        u(rng, cols, 2)),
                new Case("spmm with constant weights",
                        in -> Sparse.spmm(csr, Tensor.constant(constantWeights), in.get(0)), u(rng, cols, 3)),
                new Case("spmm with weights and bias", in -> Sparse.spmm(csr, in.get(0), in.get(1), in.get(2)),
                        u(rng, e), u(rng, cols, 3), u(rng, 3)),
                new Case("spmm of a column with bias", in -> Sparse.spmm(csr, null, in.get(0), in.get(1)),
                        u(rng, cols, 1), u(rng, 1)),
                new Case("weightedSum, 3 heads", in -> Sparse.weightedSum(csr, in.get(0), in.get(1)), u(rng, e, 3),
                        u(rng, cols, 6)),
                new Case("weightedSum, 1 head", in -> Sparse.weightedSum(csr, in.get(0), in.get(1)), u(rng, e, 1),
                        u(rng, cols, 4)),
                new Case("edgeDot, 2 heads", in -> Sparse.edgeDot(csr, in.get(0), in.get(1), 2), u(rng, rows, 6),
                        u(rng, cols, 6)),
                new Case("edgeDot, 1 head", in -> Sparse.edgeDot(csr, in.get(0), in.get(1), 1), u(rng, rows, 3),
                        u(rng, cols, 3))));
        if (rows == cols) {
            cases.add(new Case("spmmPlusSelf", in -> Sparse.spmmPlusSelf(csr, in.get(0), 1.3), u(rng, cols, 3)));
        }
        return cases;
    }

    private static List<Case> segmentCases(Segments s, Random rng) {
        int total = s.total();
        return List.of(
                new Case("expand", in -> Sparse.expand(in.get(0), s), u(rng, s.count(), 3)),
                new Case("segmentSum", in -> Sparse.segmentSum(in.get(0), s), u(rng, total, 3)),
                new Case("segmentSum of a vector", in -> Sparse.segmentSum(in.get(0), s), u(rng, total)),
                new Case("segmentMean", in -> Sparse.segmentMean(in.get(0), s), u(rng, total, 3)),
                new Case("segmentMax", in -> Sparse.segmentMax(in.get(0), s), u(rng, total, 3)),
                new Case("segmentMin", in -> Sparse.segmentMin(in.get(0), s), u(rng, total, 3)),
                new Case("segmentMax with ties", in -> Sparse.segmentMax(in.get(0), s), ties(rng, total, 4)),
                new Case("segmentMin with ties", in -> Sparse.segmentMin(in.get(0), s), ties(rng, total, 4)),
                new Case("segmentMax of a vector with ties", in -> Sparse.segmentMax(in.get(0), s), ties(rng, total)),
                new Case("segmentSoftmax", in -> Sparse.segmentSoftmax(in.get(0), s),
                        GradCheck.uniform(rng, -3, 3, total, 2)),
                new Case("segmentSoftmax of a vector", in -> Sparse.segmentSoftmax(in.get(0), s),
                        GradCheck.uniform(rng, -3, 3, total)),
                new Case("segmentSoftmax of large scores", in -> Sparse.segmentSoftmax(in.get(0), s),
                        GradCheck.uniform(rng, -300, 300, total, 2)));
    }

    // ---- checks

    private static void assertBackendsAgree(Case c, double tolerance, String where) {
        List<INDArray> java = run(SparseBackend.JAVA, c);
        List<INDArray> nd4j = run(SparseBackend.ND4J, c);
        for (int i = 0; i < java.size(); i++) {
            String what = where + ", " + c.name() + (i == 0 ? ", value" : ", gradient of input " + (i - 1));
            assertClose(java.get(i), nd4j.get(i), tolerance, what);
        }
    }

    /** The output and each input's gradient for a fixed random seed gradient, on one backend. */
    private static List<INDArray> run(SparseBackend backend, Case c) {
        try (var scope = SparseBackend.use(backend)) {
            List<Tensor> params = new ArrayList<>();
            for (INDArray input : c.inputs()) {
                params.add(Tensor.parameter(input.dup()));
            }
            Tensor out = c.op().apply(params);
            out.backward(seed(out.shape(), out.dtype()));
            List<INDArray> results = new ArrayList<>(List.of(out.data()));
            for (int i = 0; i < params.size(); i++) {
                INDArray grad = params.get(i).grad();
                // an input no output row reads (no entries) gets no gradient, or zeros
                results.add(grad != null ? grad : Nd4j.zeros(c.inputs()[i].dataType(), c.inputs()[i].shape()));
            }
            return results;
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertNotNull(actual, what);
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertEquals(expected.dataType(), actual.dataType(), what + ": data type");
        double[] a = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] b = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < a.length; i++) {
            double scale = Math.max(1.0, Math.max(Math.abs(a[i]), Math.abs(b[i])));
            assertTrue(Math.abs(a[i] - b[i]) <= tolerance * scale, what + ": element " + i + " is " + b[i]
                    + " on ND4J, " + a[i] + " on the Java kernels");
        }
    }

    // ---- inputs

    private static Csr coo(List<int[]> pairs, int rows, int cols) {
        int[] r = pairs.stream().mapToInt(p -> p[0]).toArray();
        int[] c = pairs.stream().mapToInt(p -> p[1]).toArray();
        return Csr.fromCoo(r, c, rows, cols).csr();
    }

    private static List<int[]> randomPairs(Random rng, int entries, int rows, int cols) {
        List<int[]> pairs = new ArrayList<>();
        for (int k = 0; k < entries; k++) {
            pairs.add(new int[] {rng.nextInt(rows), rng.nextInt(cols)});
        }
        return pairs;
    }

    private static INDArray u(Random rng, long... shape) {
        return GradCheck.uniform(rng, -1, 1, shape);
    }

    /** Values from {-1, 0, 1}: most segments hold their max and min more than once. */
    private static INDArray ties(Random rng, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, rng.nextInt(3) - 1);
        }
        return a;
    }

    /** A fixed random seed gradient (standard normal) in the output's type. */
    private static INDArray seed(long[] shape, DataType dtype) {
        Random rng = new Random(1234);
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, rng.nextGaussian());
        }
        return a.castTo(dtype);
    }
}
