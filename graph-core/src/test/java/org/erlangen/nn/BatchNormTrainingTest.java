package org.erlangen.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.kernels.Concurrency;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Batch norm's Java kernel (dense inputs) against the ND4J formulation (taken for views), on a batch large enough to
 * be split over two threads; its float64 gradients are checked against finite differences in TensorOpsGradTest.
 */
class BatchNormTrainingTest {
    @Test
    void kernelAgreesWithTheNd4jPathInValuesStatisticsAndGradients() {
        Random rng = new Random(3);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray base = GradCheck.uniform(rng, -2, 3, 1201, 40).castTo(type);
            INDArray dense = base.get(NDArrayIndex.interval(0, 1200), NDArrayIndex.all()).dup('c');
            INDArray view = base.get(NDArrayIndex.interval(0, 1200), NDArrayIndex.all());
            assertTrue(BatchNormTraining.applies(dense));
            assertFalse(BatchNormTraining.applies(view), "a view takes the ND4J path");
            INDArray gamma = GradCheck.uniform(rng, 0.5, 1.5, 40).castTo(type);
            INDArray beta = GradCheck.uniform(rng, -1, 1, 40).castTo(type);
            INDArray seed = GradCheck.uniform(rng, -1, 1, 1200, 40).castTo(type);
            double tol = type == DataType.DOUBLE ? 1e-10 : 2e-4;
            try (var threads = Concurrency.scope(2)) {
                Tensor[] k = {Tensor.parameter(dense), Tensor.parameter(gamma.dup()), Tensor.parameter(beta.dup())};
                Tensor[] r = {Tensor.parameter(view), Tensor.parameter(gamma.dup()), Tensor.parameter(beta.dup())};
                INDArray[] kStats = new INDArray[2];
                INDArray[] rStats = new INDArray[2];
                Tensor yk = Normalization.apply(k[0], k[1], k[2], 0, 1e-5, null, null, kStats);
                Tensor yr = Normalization.apply(r[0], r[1], r[2], 0, 1e-5, null, null, rStats);
                assertClose(yr.data(), yk.data(), tol, type + " values");
                assertClose(rStats[0], kStats[0], tol, type + " mean");
                assertClose(rStats[1], kStats[1], tol, type + " variance");
                yk.backward(seed);
                yr.backward(seed);
                for (int i = 0; i < 3; i++) {
                    assertClose(r[i].grad(), k[i].grad(), tol, type + " gradient " + i);
                }
            }
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertEquals(expected.length(), actual.length(), what);
        INDArray e = expected.castTo(DataType.DOUBLE).reshape(expected.length());
        INDArray a = actual.castTo(DataType.DOUBLE).reshape(actual.length());
        double scale = Math.max(1.0, e.amaxNumber().doubleValue());
        double diff = e.sub(a).amaxNumber().doubleValue();
        assertTrue(diff <= tol * scale, what + ": largest difference " + diff);
    }
}
