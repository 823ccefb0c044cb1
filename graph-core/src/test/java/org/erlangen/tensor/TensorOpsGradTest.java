package org.erlangen.tensor;

import static org.erlangen.testing.GradCheck.awayFromZero;
import static org.erlangen.testing.GradCheck.check;
import static org.erlangen.testing.GradCheck.distinct;
import static org.erlangen.testing.GradCheck.uniform;

import java.util.Random;
import java.util.SplittableRandom;
import org.erlangen.nn.BatchNorm;
import org.erlangen.nn.Dropout;
import org.erlangen.nn.LayerNorm;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Segments;
import org.erlangen.sparse.Sparse;
import org.erlangen.sparse.SparseBackend;
import org.erlangen.train.Losses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Analytic gradients of every differentiable op against finite differences (see GradCheck), in float64. */
class TensorOpsGradTest {
    private final Random rng = new Random(42);

    private INDArray u(long... shape) {
        return uniform(rng, -1, 1, shape);
    }

    private INDArray positive(long... shape) {
        return uniform(rng, 0.5, 2, shape);
    }

    // ---- Ops

    @Test
    void addSubMulDivSameShape() {
        check(in -> Ops.add(in.get(0), in.get(1)), u(3, 4), u(3, 4));
        check(in -> Ops.sub(in.get(0), in.get(1)), u(3, 4), u(3, 4));
        check(in -> Ops.mul(in.get(0), in.get(1)), u(3, 4), u(3, 4));
        check(in -> Ops.div(in.get(0), in.get(1)), u(3, 4), positive(3, 4));
    }

    @Test
    void addSubMulDivBroadcasting() {
        long[][] others = {{4}, {1, 4}, {3, 1}, {1, 1}};
        for (long[] shape : others) {
            check(in -> Ops.add(in.get(0), in.get(1)), u(3, 4), u(shape));
            check(in -> Ops.sub(in.get(0), in.get(1)), u(3, 4), u(shape));
            check(in -> Ops.sub(in.get(1), in.get(0)), u(3, 4), u(shape));
            check(in -> Ops.mul(in.get(0), in.get(1)), u(3, 4), u(shape));
            check(in -> Ops.div(in.get(0), in.get(1)), u(3, 4), positive(shape));
            check(in -> Ops.div(in.get(1), in.get(0)), positive(3, 4), u(shape));
        }
        // both sides broadcast: [3, 1] with [1, 4]
        check(in -> Ops.mul(in.get(0), in.get(1)), u(3, 1), u(1, 4));
        // rank 3 with a row vector
        check(in -> Ops.add(in.get(0), in.get(1)), u(2, 3, 4), u(4));
        // a rank-0 scalar
        check(in -> Ops.mul(in.get(0), in.get(1)), u(3, 4), Nd4j.scalar(DataType.DOUBLE, 0.7));
        check(in -> Ops.add(in.get(1), in.get(0)), u(3, 4), Nd4j.scalar(DataType.DOUBLE, -0.4));
    }

    @Test
    void compositeWithSharedInputs() {
        // a small network where inputs feed several ops: gradients from all paths must add up
        check(in -> {
            Tensor x = in.get(0);
            Tensor w = in.get(1);
            Tensor h = Activations.tanh(Ops.linear(x, w, in.get(2)));
            Tensor skip = Ops.mul(Ops.matmul(x, w), h);
            Tensor logits = Ops.add(Ops.add(h, skip), Reductions.mean(x, 1, true));
            return Losses.crossEntropy(Ops.mul(logits, in.get(2)), new int[] {1, 0, 2, 1});
        }, u(4, 3), u(3, 3), u(3));
    }

    @Test
    void transposedProduct() {
        check(in -> Ops.matmulTransposed(in.get(0), in.get(1)), u(3, 4), u(5, 4));
        INDArray a = u(3, 4);
        INDArray b = u(5, 4);
        org.junit.jupiter.api.Assertions.assertTrue(a.mmul(b.transpose()).equalsWithEps(Ops.matmulTransposed(
                Tensor.constant(a), Tensor.constant(b)).data(), 1e-12));
    }

    @Test
    void scalarOps() {
        check(in -> Ops.mul(in.get(0), -2.5), u(3, 4));
        check(in -> Ops.add(in.get(0), 1.5), u(3, 4));
        check(in -> Ops.neg(in.get(0)), u(3, 4));
        check(in -> Ops.pow(in.get(0), 3.0), u(3, 4));
        check(in -> Ops.pow(in.get(0), 2.5), positive(3, 4));
        check(in -> Ops.pow(in.get(0), -1.5), positive(3, 4));
    }

    @Test
    void matmulAndLinear() {
        check(in -> Ops.matmul(in.get(0), in.get(1)), u(3, 4), u(4, 2));
        check(in -> Ops.linear(in.get(0), in.get(1), in.get(2)), u(5, 3), u(3, 2), u(2));
        check(in -> Ops.linear(in.get(0), in.get(1), null), u(5, 3), u(3, 2));
    }

    // ---- Activations

    @Test
    void activations() {
        check(in -> Activations.relu(in.get(0)), awayFromZero(rng, 0.05, 2, 4, 5));
        check(in -> Activations.leakyRelu(in.get(0), 0.1), awayFromZero(rng, 0.05, 2, 4, 5));
        check(in -> Activations.elu(in.get(0), 1.3), awayFromZero(rng, 0.05, 2, 4, 5));
        check(in -> Activations.sigmoid(in.get(0)), uniform(rng, -3, 3, 4, 5));
        check(in -> Activations.tanh(in.get(0)), uniform(rng, -3, 3, 4, 5));
        check(in -> Activations.softplus(in.get(0)), uniform(rng, -3, 3, 4, 5));
        check(in -> Activations.silu(in.get(0)), uniform(rng, -3, 3, 4, 5));
        check(in -> Activations.gelu(in.get(0)), uniform(rng, -3, 3, 4, 5));
        check(in -> Activations.exp(in.get(0)), u(4, 5));
        check(in -> Activations.log(in.get(0)), positive(4, 5));
        check(in -> Activations.sqrt(in.get(0)), positive(4, 5));
    }

    // ---- Reductions and softmax

    @Test
    void fullReductions() {
        check(in -> Reductions.sum(in.get(0)), u(3, 4));
        check(in -> Reductions.mean(in.get(0)), u(3, 4));
        check(in -> in.get(0).sum(), u(2, 3, 2));
    }

    @Test
    void reductionsAlongDims() {
        for (int dim = 0; dim < 2; dim++) {
            for (boolean keep : new boolean[] {true, false}) {
                int d = dim;
                check(in -> Reductions.sum(in.get(0), d, keep), u(3, 4));
                check(in -> Reductions.mean(in.get(0), d, keep), u(3, 4));
                check(in -> Reductions.max(in.get(0), d, keep), distinct(rng, 3, 4));
                check(in -> Reductions.min(in.get(0), d, keep), distinct(rng, 3, 4));
            }
        }
        check(in -> Reductions.sum(in.get(0), 1, false), u(2, 3, 4));
        check(in -> Reductions.max(in.get(0), 2, true), distinct(rng, 2, 3, 4));
        check(in -> Reductions.min(in.get(0), 0, false), distinct(rng, 2, 3, 4));
    }

    @Test
    void softmaxAndLogSoftmax() {
        for (int dim = 0; dim < 2; dim++) {
            int d = dim;
            check(in -> Softmax.softmax(in.get(0), d), uniform(rng, -2, 2, 3, 5));
            check(in -> Softmax.logSoftmax(in.get(0), d), uniform(rng, -2, 2, 3, 5));
        }
    }

    // ---- Shapes

    @Test
    void shapes() {
        check(in -> Shapes.reshape(in.get(0), 4, 3), u(3, 4));
        check(in -> Shapes.reshape(in.get(0), 2, 6), u(3, 4));
        check(in -> Shapes.transpose(in.get(0)), u(3, 4));
        check(in -> Shapes.concat(0, in.get(0), in.get(1)), u(2, 3), u(4, 3));
        check(in -> Shapes.concat(1, in.get(0), in.get(1), in.get(2)), u(2, 3), u(2, 1), u(2, 2));
        check(in -> Shapes.slice(in.get(0), 0, 1, 3), u(4, 3));
        check(in -> Shapes.slice(in.get(0), 1, 0, 2), u(4, 3));
        // a tensor used twice accumulates both contributions
        check(in -> Shapes.concat(0, in.get(0), Shapes.slice(in.get(0), 0, 0, 1)), u(3, 2));
    }

    // ---- Sparse

    /** 5 receivers, 4 senders; receiver 3 has no entries; a repeated (row, col) pair. */
    private static Csr pattern() {
        int[] rows = {0, 0, 1, 2, 2, 2, 4, 4, 0};
        int[] cols = {1, 3, 0, 2, 2, 3, 1, 0, 2};
        return Csr.fromCoo(rows, cols, 5, 4).csr();
    }

    /** Four segments over 7 rows, one of them empty. */
    private static Segments segments() {
        return Segments.ofSizes(new int[] {2, 0, 3, 2});
    }

    @ParameterizedTest
    @EnumSource(SparseBackend.class)
    void gatherAndIndexSelect(SparseBackend backend) {
        try (var scope = SparseBackend.use(backend)) {
            Csr csr = pattern();
            check(in -> Sparse.gatherCols(in.get(0), csr), u(4, 3));
            check(in -> Sparse.indexSelect(in.get(0), new int[] {2, 0, 2, 3, 2}), u(4, 3));
            check(in -> Sparse.expand(in.get(0), segments()), u(4, 3));
            check(in -> Sparse.gatherCols(in.get(0), csr), u(4));
        }
    }

    @ParameterizedTest
    @EnumSource(SparseBackend.class)
    void segmentReductions(SparseBackend backend) {
        try (var scope = SparseBackend.use(backend)) {
            Segments s = segments();
            check(in -> Sparse.segmentSum(in.get(0), s), u(7, 3));
            check(in -> Sparse.segmentMean(in.get(0), s), u(7, 3));
            check(in -> Sparse.segmentMax(in.get(0), s), distinct(rng, 7, 3));
            check(in -> Sparse.segmentMin(in.get(0), s), distinct(rng, 7, 3));
            check(in -> Sparse.segmentSum(in.get(0), s), u(7));
            check(in -> Sparse.segmentMax(in.get(0), s), distinct(rng, 7));
        }
    }

    @ParameterizedTest
    @EnumSource(SparseBackend.class)
    void segmentSoftmax(SparseBackend backend) {
        try (var scope = SparseBackend.use(backend)) {
            Segments s = segments();
            check(in -> Sparse.segmentSoftmax(in.get(0), s), uniform(rng, -2, 2, 7, 3));
            check(in -> Sparse.segmentSoftmax(in.get(0), s), uniform(rng, -2, 2, 7));
        }
    }

    @ParameterizedTest
    @EnumSource(SparseBackend.class)
    void spmm(SparseBackend backend) {
        try (var scope = SparseBackend.use(backend)) {
            Csr csr = pattern();
            int e = csr.entryCount();
            check(in -> Sparse.spmm(csr, in.get(0), in.get(1)), u(e), u(4, 3));
            check(in -> Sparse.spmm(csr, in.get(0), in.get(1)), u(e, 1), u(4, 3));
            check(in -> Sparse.spmm(csr, null, in.get(0)), u(4, 3));
            // the fused bias: one value per column added to every output row
            check(in -> Sparse.spmm(csr, in.get(0), in.get(1), in.get(2)), u(e), u(4, 3), u(3));
            check(in -> Sparse.spmm(csr, null, in.get(0), in.get(1)), u(4, 1), u(1));
            // attention-style: the weights are a softmax over each receiver's entries
            check(in -> Sparse.spmm(csr, Sparse.segmentSoftmax(in.get(0), csr.rows()), in.get(1)), u(e), u(4, 2));
        }
    }

    // ---- nn and losses

    @Test
    void dropout() {
        INDArray mask = Dropout.mask(new long[] {4, 5}, DataType.DOUBLE, 0.4, new SplittableRandom(3));
        check(in -> Dropout.applyMask(in.get(0), mask), u(4, 5));
        // a freshly seeded generator draws the same mask on every evaluation
        check(in -> Dropout.apply(in.get(0), 0.4, true, new SplittableRandom(9)), u(4, 5));
        check(in -> Dropout.apply(in.get(0), 0.4, false, new SplittableRandom(9)).mul(1.0), u(4, 5));
    }

    @Test
    void layerNorm() {
        check(in -> LayerNorm.apply(in.get(0), in.get(1), in.get(2), 1e-5), u(4, 5), u(5), u(5));
        check(in -> LayerNorm.apply(in.get(0), null, null, 1e-5), u(4, 5));
        check(in -> LayerNorm.apply(in.get(0), in.get(1), in.get(2), 1e-5), u(2, 3, 4), u(4), u(4));
    }

    @Test
    void batchNormTraining() {
        check(in -> BatchNorm.apply(in.get(0), in.get(1), in.get(2), null, null, true, 0.1, 1e-5),
                u(6, 3), u(3), u(3));
        INDArray runMean = Nd4j.zeros(DataType.DOUBLE, 3);
        INDArray runVar = Nd4j.ones(DataType.DOUBLE, 3);
        // running statistics change with each call but do not enter the training output
        check(in -> BatchNorm.apply(in.get(0), null, null, runMean, runVar, true, 0.1, 1e-5), u(6, 3));
    }

    @Test
    void batchNormEvaluation() {
        INDArray runMean = u(3);
        INDArray runVar = positive(3);
        check(in -> BatchNorm.apply(in.get(0), in.get(1), in.get(2), runMean, runVar, false, 0.1, 1e-5),
                u(6, 3), u(3), u(3));
    }

    @Test
    void losses() {
        int[] labels = {0, 2, 1, -1, 2, 0};
        boolean[] mask = {true, true, false, true, true, true};
        double[] weights = {0.5, 2.0, 1.5};
        check(in -> Losses.crossEntropy(in.get(0), labels), uniform(rng, -2, 2, 6, 3));
        check(in -> Losses.crossEntropy(in.get(0), labels, weights, mask), uniform(rng, -2, 2, 6, 3));
        check(in -> Losses.crossEntropyAt(in.get(0), labels, null, new int[] {1, 4}), uniform(rng, -2, 2, 6, 3));
        check(in -> Losses.crossEntropy(in.get(0), new int[] {0, 2, 1, 1, 0, 2}, 0.2), uniform(rng, -2, 2, 6, 3));
        check(in -> Losses.mse(in.get(0), in.get(1)), u(4, 2), u(4, 2));
        // keep every difference away from the kink of |d| at 0
        INDArray target = u(4, 2);
        check(in -> Losses.l1(in.get(0), Tensor.constant(target)), target.add(awayFromZero(rng, 0.05, 1, 4, 2)));
        check(in -> Losses.bceWithLogits(in.get(0), in.get(1)), uniform(rng, -3, 3, 5, 2), uniform(rng, 0, 1, 5, 2));
    }
}
