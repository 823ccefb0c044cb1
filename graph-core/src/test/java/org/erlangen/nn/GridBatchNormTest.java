package org.erlangen.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.kernels.Vectorization;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Reductions;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Batch norm over channels of grid signals, orientations pooled, and the permute it is made of. */
class GridBatchNormTest {
    private static INDArray random(long seed, long... shape) {
        Random r = new Random(seed);
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, 3 + 2 * r.nextGaussian());
        }
        return a;
    }

    @Test
    void eachChannelIsStandardisedOverBatchOrientationsAndPositions() {
        INDArray x = random(1, 3, 2 * 4, 5, 6); // 2 channels of 4 orientations
        INDArray y = new GridBatchNorm(2, 4, DataType.DOUBLE).forward(Tensor.constant(x)).data();
        for (int c = 0; c < 2; c++) {
            double sum = 0;
            double squares = 0;
            int count = 0;
            for (int b = 0; b < 3; b++) {
                for (int o = 0; o < 4; o++) {
                    for (int i = 0; i < 5; i++) {
                        for (int j = 0; j < 6; j++) {
                            double v = y.getDouble(b, c * 4 + o, i, j);
                            sum += v;
                            squares += v * v;
                            count++;
                        }
                    }
                }
            }
            assertEquals(0, sum / count, 1e-12, "channel " + c + " mean");
            assertEquals(1, squares / count, 1e-4, "channel " + c + " variance (biased, with eps)");
        }
    }

    /**
     * The in-place kernels against the same norm on rows [N, F] (one per sample, orientation and position), transposed
     * there and back: outputs, running statistics and gradients, in float and double.
     */
    @Test
    void planesAgreeWithRowsOfFeatures() {
        boolean vector = Vectorization.enabled();
        try {
            planesAgreeWithRows(true);
            planesAgreeWithRows(false);
        } finally {
            Vectorization.setEnabled(vector);
        }
    }

    private static void planesAgreeWithRows(boolean vector) {
        Vectorization.setEnabled(vector);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tolerance = type == DataType.DOUBLE ? 1e-12 : 2e-5;
            INDArray x = random(5, 3, 3 * 2, 4, 5).castTo(type); // 3 channels of 2 orientations
            INDArray weights = random(6, 3, 3 * 2, 4, 5).castTo(type);
            BatchNorm planes = new BatchNorm(3, BatchNorm.DEFAULT_EPS, BatchNorm.DEFAULT_MOMENTUM, true, type);
            BatchNorm rows = new BatchNorm(3, BatchNorm.DEFAULT_EPS, BatchNorm.DEFAULT_MOMENTUM, true, type);
            Tensor xa = Tensor.parameter(x.dup());
            Tensor ya = planes.forwardPlanes(xa);
            Reductions.sum(Ops.mul(ya, Tensor.constant(weights))).backward();
            Tensor xb = Tensor.parameter(x.dup());
            Tensor byRow = Shapes.reshape(Shapes.permute(Shapes.reshape(xb, 3, 3, 40), 0, 2, 1), 120, 3);
            Tensor yb = Shapes.reshape(Shapes.permute(Shapes.reshape(rows.forward(byRow), 3, 40, 3), 0, 2, 1), 3, 6,
                    4, 5);
            Reductions.sum(Ops.mul(yb, Tensor.constant(weights))).backward();
            assertTrue(yb.data().equalsWithEps(ya.data(), tolerance), type + " output");
            assertTrue(xb.grad().equalsWithEps(xa.grad(), tolerance), type + " input gradient");
            for (String name : new String[] {"weight", "bias"}) {
                assertTrue(rows.namedParameters().get(name).grad().equalsWithEps(planes.namedParameters().get(name)
                        .grad(), tolerance * 100), type + " " + name + " gradient");
            }
            for (String name : new String[] {"running_mean", "running_var"}) {
                assertTrue(rows.namedBuffers().get(name).equalsWithEps(planes.namedBuffers().get(name), tolerance),
                        type + " " + name);
            }
        }
    }

    /**
     * Batch norm with its ReLU in one pass is the ReLU after batch norm: outputs, input and parameter gradients, in
     * float and double, on the Vector API kernels and the plain ones. Runs of 30 values: vectors and a tail.
     */
    @Test
    void reluInTheSamePassIsTheReluAfter() {
        boolean vector = Vectorization.enabled();
        try {
            for (boolean on : new boolean[] {true, false}) {
                Vectorization.setEnabled(on);
                for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                    double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
                    INDArray x = random(7, 4, 2 * 3, 5, 6).castTo(type);
                    INDArray weights = random(8, 4, 2 * 3, 5, 6).castTo(type);
                    Tensor[] inputs = new Tensor[2];
                    GridBatchNorm[] norms = new GridBatchNorm[2];
                    Tensor[] outputs = new Tensor[2];
                    for (int i = 0; i < 2; i++) {
                        norms[i] = new GridBatchNorm(2, 3, type);
                        norms[i].namedParameters().get("norm.weight").data().assign(Nd4j.createFromArray(0.5, -2.0)
                                .castTo(type));
                        norms[i].namedParameters().get("norm.bias").data().assign(Nd4j.createFromArray(0.3, 0.1)
                                .castTo(type));
                        inputs[i] = Tensor.parameter(x.dup());
                        outputs[i] = i == 0 ? norms[i].forwardRelu(inputs[i])
                                : Activations.relu(norms[i].forward(inputs[i]));
                        Reductions.sum(Ops.mul(outputs[i], Tensor.constant(weights))).backward();
                    }
                    String what = type + (on ? " vector" : " plain");
                    assertTrue(outputs[1].data().equalsWithEps(outputs[0].data(), tolerance), what + " output");
                    assertTrue(outputs[0].data().minNumber().doubleValue() == 0, what + ": some outputs cut");
                    assertTrue(inputs[1].grad().equalsWithEps(inputs[0].grad(), tolerance), what + " input gradient");
                    for (String name : new String[] {"norm.weight", "norm.bias"}) {
                        assertTrue(norms[1].namedParameters().get(name).grad().equalsWithEps(norms[0]
                                .namedParameters().get(name).grad(), tolerance * 100), what + " " + name);
                    }
                }
            }
        } finally {
            Vectorization.setEnabled(vector);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GridBatchNorm norm = new GridBatchNorm(2, 2, DataType.DOUBLE);
        INDArray x = random(2, 2, 4, 3, 3);
        GradCheck.check(in -> norm.forward(in.get(0)), x);
        GradCheck.checkParameters(norm, () -> norm.forward(Tensor.constant(x)));
        GradCheck.check(in -> norm.forwardRelu(in.get(0)), x);
        GradCheck.checkParameters(norm, () -> norm.forwardRelu(Tensor.constant(x)));
        GradCheck.check(in -> Shapes.permute(in.get(0), 2, 0, 1), random(3, 2, 3, 4));
        assertTrue(Shapes.permute(Tensor.constant(random(4, 2, 3, 4)), 2, 0, 1).data().equalsWithEps(
                random(4, 2, 3, 4).permute(2, 0, 1), 0));
    }
}
