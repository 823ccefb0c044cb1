package org.erlangen.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.erlangen.kernels.Buffers;
import org.erlangen.kernels.Concurrency;
import org.erlangen.kernels.Vectorization;
import org.erlangen.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward values of the sparse ops against plain loops, and the same results whatever the thread count and whether
 * the Vector API kernels or the plain-Java fallback run.
 */
class SparseOpsTest {
    private static final double EPS = 1e-12;

    private static double[][] randomMatrix(Random rng, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = rng.nextDouble() * 2 - 1;
            }
        }
        return m;
    }

    private static INDArray array(double[][] m) {
        return Nd4j.createFromArray(m);
    }

    private static void assertMatrix(double[][] expected, INDArray actual, double tol) {
        assertEquals(expected.length, actual.rows());
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(expected[i][j], actual.getDouble(i, j), tol, "element (" + i + ", " + j + ")");
            }
        }
    }

    /** A random COO pattern with duplicates and (usually) empty rows. */
    private record Coo(int[] rows, int[] cols, int rowCount, int colCount) {
        static Coo random(Random rng, int rowCount, int colCount, int entries) {
            int[] r = new int[entries];
            int[] c = new int[entries];
            for (int k = 0; k < entries; k++) {
                r[k] = rng.nextInt(rowCount);
                c[k] = rng.nextInt(colCount);
            }
            return new Coo(r, c, rowCount, colCount);
        }
    }

    @Test
    void spmmMatchesDenseProduct() {
        Random rng = new Random(1);
        Coo coo = Coo.random(rng, 7, 5, 18);
        Csr.Sorted sorted = Csr.fromCoo(coo.rows(), coo.cols(), 7, 5);
        double[] wInput = new double[18];
        for (int k = 0; k < wInput.length; k++) {
            wInput[k] = rng.nextDouble() * 2 - 1;
        }
        // weights in CSR order
        double[] w = new double[18];
        for (int k = 0; k < w.length; k++) {
            w[k] = wInput[sorted.order()[k]];
        }
        double[][] dense = new double[7][5];
        for (int k = 0; k < 18; k++) {
            dense[coo.rows()[k]][coo.cols()[k]] += wInput[k];
        }
        double[][] x = randomMatrix(rng, 5, 4);
        INDArray expected = array(dense).mmul(array(x));
        INDArray actual = Sparse.spmm(sorted.csr(), Tensor.constant(Nd4j.createFromArray(w)),
                Tensor.constant(array(x))).data();
        assertTrue(expected.equalsWithEps(actual, EPS), "spmm " + actual + " vs dense " + expected);

        double[][] ones = new double[7][5];
        for (int k = 0; k < 18; k++) {
            ones[coo.rows()[k]][coo.cols()[k]] += 1;
        }
        INDArray unweighted = Sparse.spmm(sorted.csr(), null, Tensor.constant(array(x))).data();
        assertTrue(array(ones).mmul(array(x)).equalsWithEps(unweighted, EPS));
    }

    @Test
    void gatherIndexSelectAndExpand() {
        Random rng = new Random(2);
        Coo coo = Coo.random(rng, 4, 6, 10);
        Csr csr = Csr.fromCoo(coo.rows(), coo.cols(), 4, 6).csr();
        double[][] x = randomMatrix(rng, 6, 3);
        INDArray gathered = Sparse.gatherCols(Tensor.constant(array(x)), csr).data();
        double[][] expected = new double[csr.entryCount()][];
        for (int k = 0; k < expected.length; k++) {
            expected[k] = x[csr.col(k)];
        }
        assertMatrix(expected, gathered, 0);

        int[] index = {5, 0, 5, 2};
        double[][] selected = new double[index.length][];
        for (int i = 0; i < index.length; i++) {
            selected[i] = x[index[i]];
        }
        assertMatrix(selected, Sparse.indexSelect(Tensor.constant(array(x)), index).data(), 0);

        Segments seg = Segments.ofSizes(new int[] {2, 0, 1, 3, 0, 1});
        INDArray expanded = Sparse.expand(Tensor.constant(array(x)), seg).data();
        double[][] exp = new double[seg.total()][];
        int[] ids = seg.ids();
        for (int i = 0; i < ids.length; i++) {
            exp[i] = x[ids[i]];
        }
        assertMatrix(exp, expanded, 0);
    }

    @Test
    void segmentOpsMatchLoops() {
        Random rng = new Random(3);
        int[] sizes = {3, 0, 1, 4};
        Segments seg = Segments.ofSizes(sizes);
        double[][] v = randomMatrix(rng, seg.total(), 2);
        Tensor t = Tensor.constant(array(v));
        double[][] sum = new double[4][2];
        double[][] max = new double[4][2];
        double[][] min = new double[4][2];
        double[][] softmax = new double[seg.total()][2];
        for (int s = 0; s < 4; s++) {
            for (int j = 0; j < 2; j++) {
                double mx = Double.NEGATIVE_INFINITY;
                double mn = Double.POSITIVE_INFINITY;
                for (int r = seg.start(s); r < seg.end(s); r++) {
                    sum[s][j] += v[r][j];
                    mx = Math.max(mx, v[r][j]);
                    mn = Math.min(mn, v[r][j]);
                }
                max[s][j] = sizes[s] == 0 ? 0 : mx;
                min[s][j] = sizes[s] == 0 ? 0 : mn;
                double z = 0;
                for (int r = seg.start(s); r < seg.end(s); r++) {
                    z += Math.exp(v[r][j]);
                }
                for (int r = seg.start(s); r < seg.end(s); r++) {
                    softmax[r][j] = Math.exp(v[r][j]) / z;
                }
            }
        }
        double[][] mean = new double[4][2];
        for (int s = 0; s < 4; s++) {
            for (int j = 0; j < 2; j++) {
                mean[s][j] = sizes[s] == 0 ? 0 : sum[s][j] / sizes[s];
            }
        }
        assertMatrix(sum, Sparse.segmentSum(t, seg).data(), EPS);
        assertMatrix(mean, Sparse.segmentMean(t, seg).data(), EPS);
        assertMatrix(max, Sparse.segmentMax(t, seg).data(), 0);
        assertMatrix(min, Sparse.segmentMin(t, seg).data(), 0);
        assertMatrix(softmax, Sparse.segmentSoftmax(t, seg).data(), EPS);
    }

    /** A graph large enough for the kernels to split their work over threads, with float32 inputs. */
    private record Large(Csr csr, INDArray x, INDArray w, INDArray edgeValues) {
        static Large create(long seed) {
            Random rng = new Random(seed);
            int n = 3000;
            Coo coo = Coo.random(rng, n, n, 30000);
            Csr csr = Csr.fromCoo(coo.rows(), coo.cols(), n, n).csr();
            return new Large(csr, floats(rng, n, 19), floats(rng, csr.entryCount(), 1),
                    floats(rng, csr.entryCount(), 19));
        }

        private static INDArray floats(Random rng, int rows, int cols) {
            float[] v = new float[rows * cols];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextFloat() * 2 - 1;
            }
            return Buffers.of(v, rows, cols);
        }

        /** Forward values and gradients of the sparse ops, in a fixed order. */
        List<INDArray> run() {
            Segments seg = csr.rows();
            Tensor xt = Tensor.parameter(x.dup());
            Tensor wt = Tensor.parameter(w.dup());
            Tensor et = Tensor.parameter(edgeValues.dup());
            List<Tensor> outs = new ArrayList<>();
            outs.add(Sparse.spmm(csr, wt, xt));
            outs.add(Sparse.spmm(csr, null, xt));
            outs.add(Sparse.gatherCols(xt, csr));
            outs.add(Sparse.segmentSum(et, seg));
            outs.add(Sparse.segmentMean(et, seg));
            outs.add(Sparse.segmentMax(et, seg));
            outs.add(Sparse.segmentMin(et, seg));
            outs.add(Sparse.segmentSoftmax(et, seg));
            outs.add(Sparse.expand(Sparse.segmentSum(et, seg), seg));
            List<INDArray> results = new ArrayList<>();
            Tensor total = null;
            for (Tensor o : outs) {
                results.add(o.data());
                long len = o.data().length();
                // a different weight per element, so every gradient element matters
                INDArray weights = Nd4j.linspace(DataType.FLOAT, 0.5, 1.0 / len, len).reshape(o.shape());
                Tensor s = o.mul(Tensor.constant(weights)).sum();
                total = total == null ? s : total.add(s);
            }
            total.backward();
            results.add(xt.grad());
            results.add(wt.grad());
            results.add(et.grad());
            return results;
        }
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        Large large = Large.create(4);
        List<INDArray> one;
        List<INDArray> four;
        try (Concurrency.Scope ignored = Concurrency.scope(1)) {
            one = large.run();
        }
        try (Concurrency.Scope ignored = Concurrency.scope(4)) {
            four = large.run();
        }
        assertEquals(one.size(), four.size());
        for (int i = 0; i < one.size(); i++) {
            assertEquals(one.get(i), four.get(i), "result " + i + " differs between 1 and 4 threads");
        }
    }

    @Test
    void vectorKernelsMatchPlainJava() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector is not present; only the plain-Java kernels can run");
        Large large = Large.create(5);
        boolean before = Vectorization.enabled();
        List<INDArray> plain;
        List<INDArray> vector;
        try {
            Vectorization.setEnabled(false);
            assertFalse(Vectorization.enabled());
            plain = large.run();
            Vectorization.setEnabled(true);
            assertTrue(Vectorization.enabled());
            vector = large.run();
        } finally {
            Vectorization.setEnabled(before);
        }
        for (int i = 0; i < plain.size(); i++) {
            float[] p = Buffers.floats(plain.get(i));
            float[] v = Buffers.floats(vector.get(i));
            assertArrayEquals(plain.get(i).shape(), vector.get(i).shape());
            for (int j = 0; j < p.length; j++) {
                double tol = 1e-5 * Math.max(1.0, Math.abs(p[j]));
                assertEquals(p[j], v[j], tol, "result " + i + " element " + j);
            }
        }
    }
}
