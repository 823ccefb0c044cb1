package org.erlangen.gauge.sphere;

import static org.erlangen.gauge.sphere.SphereTransformsTest.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Comparison;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The small spherical CNN: shapes, gradients, and logits invariant to rotations up to the grid ReLU's aliasing. */
class SphericalCnnTest {
    /** [batch, in, B^2] with only degrees below 3 set. */
    private static INDArray bandLimited(long seed, int batch, int in, int bandwidth) {
        var a = Nd4j.zeros(DataType.DOUBLE, batch, in, (long) bandwidth * bandwidth);
        var low = gaussian(seed, batch, in, 9);
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < in; c++) {
                for (int i = 0; i < 9; i++) {
                    a.putScalar(new long[] {n, c, i}, low.getDouble(n, c, i));
                }
            }
        }
        return a;
    }

    private static SphericalCnn cnn(int bandwidth) {
        var cnn = new SphericalCnn(bandwidth, 2, 3, 4, new Random(5), DataType.DOUBLE);
        cnn.namedParameters().forEach((name, p) -> {
            if (name.endsWith("bias")) {
                p.data().assign(0.1);
            }
        });
        return cnn;
    }

    @Test
    void gridAndCoefficientInputsGiveTheSameLogits() {
        var cnn = cnn(4);
        var coefficients = Tensor.constant(gaussian(1, 2, 2, 16));
        var logits = cnn.forwardCoefficients(coefficients);
        assertArrayEquals(new long[] {2, 4}, logits.shape());
        assertArrayEquals(logits.data().data().asDouble(), cnn.forward(cnn.transforms().synthesis(coefficients))
                .data().data().asDouble(), 1e-10);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        var cnn = cnn(3);
        var x = gaussian(2, 2, 2, 9);
        GradCheck.checkParameters(cnn, () -> cnn.forwardCoefficients(Tensor.constant(x)));
        GradCheck.check(in -> cnn.forwardCoefficients(in.get(0)), x);
    }

    @Test
    void logitsAreNearlyInvariantToRotations() {
        double[] errors = new double[2];
        int[] bandwidths = {4, 12};
        for (int i = 0; i < bandwidths.length; i++) {
            int b = bandwidths[i];
            Comparison c = Equivariance.compareInvariant(new SphereRotations(b), Case.of(Tensor.constant(
                    bandLimited(3, 2, 2, b)), cnn(b)::forwardCoefficients));
            errors[i] = c.actual().sub(c.expected()).norm2Number().doubleValue()
                    / c.expected().norm2Number().doubleValue();
        }
        System.out.println("relative invariance error of the spherical CNN's logits at B = 4, 12: "
                + errors[0] + ", " + errors[1]);
        assertTrue(errors[1] < errors[0], "invariance error does not shrink: " + errors[0] + " -> " + errors[1]);
        assertTrue(errors[1] < 0.05, "invariance error at B = 12: " + errors[1]);
    }

    @Test
    void wrongChannelCountsAreRefused() {
        var cnn = cnn(3);
        assertThrows(IllegalArgumentException.class, () -> cnn.forwardCoefficients(Tensor.constant(
                gaussian(1, 1, 3, 9))));
        // per degree (3) an [out, in] mixing and a bias per convolution (four: 2 -> 3, then 3 -> 3), then the head
        assertEquals(2 * 3 * 3 + 3 + 3 * (3 * 3 * 3 + 3) + 3 * 3 * 4 + 4, cnn.parameterCount());
    }
}
