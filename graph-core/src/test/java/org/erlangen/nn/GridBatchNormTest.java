package org.erlangen.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
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

    @Test
    void gradientsMatchFiniteDifferences() {
        GridBatchNorm norm = new GridBatchNorm(2, 2, DataType.DOUBLE);
        INDArray x = random(2, 2, 4, 3, 3);
        GradCheck.check(in -> norm.forward(in.get(0)), x);
        GradCheck.checkParameters(norm, () -> norm.forward(Tensor.constant(x)));
        GradCheck.check(in -> Shapes.permute(in.get(0), 2, 0, 1), random(3, 2, 3, 4));
        assertTrue(Shapes.permute(Tensor.constant(random(4, 2, 3, 4)), 2, 0, 1).data().equalsWithEps(
                random(4, 2, 3, 4).permute(2, 0, 1), 0));
    }
}
