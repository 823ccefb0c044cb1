package org.erlangen.gauge.sphere;

import static org.erlangen.gauge.sphere.SphereTransformsTest.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The grid ReLU between transforms: it is ReLU on the grid, it differentiates, and a conv / ReLU / conv / ReLU stack
 * is equivariant up to an aliasing error that shrinks as the bandwidth grows.
 */
class SphericalNonlinearityTest {
    /** Input degrees: below 4 at every bandwidth, so the rotated input is exactly the rotated function. */
    private static final int INPUT_DEGREES = 4;

    @Test
    void appliesTheActivationOnTheGrid() {
        var transforms = new SphereTransforms(4, DataType.DOUBLE);
        var f = Tensor.constant(gaussian(1, 1, 2, 16));
        var expected = transforms.analysis(Tensor.constant(
                Transforms.relu(transforms.synthesis(f).data(), true)));
        assertArrayEquals(expected.data().data().asDouble(),
                SphericalNonlinearity.relu(transforms).forward(f).data().data().asDouble(), 1e-12);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        var transforms = new SphereTransforms(3, DataType.DOUBLE);
        GradCheck.check(in -> SphericalNonlinearity.relu(transforms).forward(in.get(0)), gaussian(2, 2, 2, 9));
    }

    /** Input [2, 2, B^2] with degrees below 4 only; the same values at every bandwidth. */
    private static INDArray bandLimited(int bandwidth) {
        var low = gaussian(3, 2, 2, INPUT_DEGREES * INPUT_DEGREES);
        var a = Nd4j.zeros(DataType.DOUBLE, 2, 2, (long) bandwidth * bandwidth);
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < INPUT_DEGREES * INPUT_DEGREES; i++) {
                    a.putScalar(new long[] {n, c, i}, low.getDouble(n, c, i));
                }
            }
        }
        return a;
    }

    /**
     * conv, ReLU on the grid, conv, ReLU at bandwidth B; the weights of degrees below 4 are the same at every B (they
     * are the first draws of the seeded initialisation).
     */
    private static double stackError(int bandwidth) {
        var transforms = new SphereTransforms(bandwidth, DataType.DOUBLE);
        var first = new SphericalConvolution(bandwidth, 2, 3, true, new Random(11), DataType.DOUBLE);
        first.bias().data().assign(0.3);
        var second = new SphericalConvolution(bandwidth, 3, 2, false, new Random(12), DataType.DOUBLE);
        var relu = SphericalNonlinearity.relu(transforms);
        Comparison c = Equivariance.compare(new SphereRotations(bandwidth), Case.of(Tensor.constant(
                bandLimited(bandwidth)), x -> relu.forward(second.forward(relu.forward(first.forward(x))))));
        return c.actual().sub(c.expected()).norm2Number().doubleValue() / c.expected().norm2Number().doubleValue();
    }

    @Test
    void theStackIsEquivariantUpToAliasingThatShrinksWithTheBandwidth() {
        List<Double> errors = new ArrayList<>();
        for (int bandwidth : new int[] {4, 8, 16}) {
            errors.add(stackError(bandwidth));
        }
        System.out.println("relative equivariance error of conv/ReLU/conv/ReLU at B = 4, 8, 16: " + errors);
        assertTrue(errors.get(0) > 1e-6, "B = 4 should alias visibly: " + errors);
        assertTrue(errors.get(1) < errors.get(0) && errors.get(2) < errors.get(1), "errors do not shrink: " + errors);
    }
}
