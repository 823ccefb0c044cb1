package org.erlangen.gauge.sphere;

import static org.erlangen.gauge.sphere.SphereTransformsTest.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The zonal convolution: its formula, exact SO(3) equivariance through the test kit (Wigner-D on coefficients), a
 * bias on degree 1 or weights that tell orders apart failing the same check, and gradients.
 */
class SphericalConvolutionTest {
    private static final int B = 5;

    /** A convolution with a non-zero bias, so that the check sees it. */
    private static SphericalConvolution convolution(int in, int out, DataType dtype) {
        var conv = new SphericalConvolution(B, in, out, true, new Random(7), dtype);
        conv.bias().data().assign(gaussian(8, out).castTo(dtype));
        return conv;
    }

    @Test
    void mixesChannelsPerDegreeAndAddsTheBiasToDegreeZero() {
        var conv = convolution(3, 2, DataType.DOUBLE);
        var f = gaussian(1, 2, 3, B * B);
        var y = conv.forward(Tensor.constant(f)).data();
        var w = conv.weight().data();
        assertArrayEquals(new long[] {2, 2, B * B}, y.shape());
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < 2; o++) {
                for (int l = 0; l < B; l++) {
                    for (int m = -l; m <= l; m++) {
                        int i = l * l + l + m;
                        double expected = l == 0 ? conv.bias().data().getDouble(o) : 0;
                        for (int c = 0; c < 3; c++) {
                            expected += w.getDouble(l, o, c) * f.getDouble(n, c, i);
                        }
                        assertEquals(expected, y.getDouble(n, o, i), 1e-12, "n " + n + ", out " + o + ", l " + l
                                + ", m " + m);
                    }
                }
            }
        }
    }

    @Test
    void isExactlyEquivariantUnderRotations() {
        var rotations = new SphereRotations(B);
        for (long seed : new long[] {1, 2, 3}) {
            Equivariance.assertEquivariant(rotations, dtype -> {
                var conv = convolution(3, 4, dtype);
                return Case.of(Tensor.constant(gaussian(10 + seed, 2, 3, B * B).castTo(dtype)), conv::forward)
                        .named("zonal convolution").withSeed(seed);
            });
        }
        // coefficients of a lower degree bound than the weight's
        Equivariance.assertEquivariant(rotations, dtype -> {
            var conv = convolution(3, 4, dtype);
            return Case.of(Tensor.constant(gaussian(20, 1, 3, 9).castTo(dtype)), conv::forward).named("degree < 3");
        });
    }

    @Test
    void aBiasOnDegreeOneOrWeightsThatTellOrdersApartFailTheSameCheck() {
        var rotations = new SphereRotations(B);
        var conv = convolution(3, 2, DataType.DOUBLE);
        var input = Tensor.constant(gaussian(30, 2, 3, B * B));
        var degreeOneBias = Nd4j.zeros(DataType.DOUBLE, 1, 2, B * B);
        degreeOneBias.putScalar(new long[] {0, 0, 2}, 0.5); // l = 1, m = 0
        assertThrows(AssertionError.class, () -> Equivariance.assertEquivariant(rotations, Case.of(input,
                x -> Ops.add(conv.forward(x), Tensor.constant(degreeOneBias))).named("bias on degree 1")));
        var perOrder = Nd4j.ones(DataType.DOUBLE, 1, 1, B * B);
        perOrder.putScalar(new long[] {0, 0, 3}, 2.0); // l = 1, m = 1 weighted twice
        assertThrows(AssertionError.class, () -> Equivariance.assertEquivariant(rotations, Case.of(input,
                x -> Ops.mul(conv.forward(x), Tensor.constant(perOrder))).named("weights per order")));
        // and the same layer without the faults passes
        Equivariance.assertEquivariant(rotations, Case.of(input, conv::forward));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        var conv = convolution(2, 3, DataType.DOUBLE);
        var x = gaussian(40, 2, 2, B * B);
        GradCheck.checkParameters(conv, () -> conv.forward(Tensor.constant(x)));
        GradCheck.check(in -> conv.forward(in.get(0)), x);
        var plain = new SphericalConvolution(3, 2, 2, false, new Random(9), DataType.DOUBLE);
        GradCheck.checkParameters(plain, () -> plain.forward(Tensor.constant(gaussian(41, 1, 2, 9))));
    }

    @Test
    void initialisationIsSeededAndGlorotBounded() {
        var a = new SphericalConvolution(4, 3, 5, false, new Random(3), DataType.DOUBLE).weight().data();
        var b = new SphericalConvolution(4, 3, 5, false, new Random(3), DataType.DOUBLE).weight().data();
        assertEquals(a, b);
        assertArrayEquals(new long[] {4, 5, 3}, a.shape());
        double bound = Math.sqrt(6.0 / 8);
        assertTrue(a.amaxNumber().doubleValue() <= bound, "max |w| " + a.amaxNumber() + " > " + bound);
        assertTrue(a.amaxNumber().doubleValue() > bound / 2, "weights far too small: " + a.amaxNumber());
    }

    @Test
    void wrongShapesAreRefused() {
        var conv = new SphericalConvolution(3, 2, 2, false, new Random(1), DataType.DOUBLE);
        assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.constant(gaussian(1, 1, 2, 16))));
        assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.constant(gaussian(1, 1, 2, 8))));
        assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.constant(gaussian(1, 1, 3, 9))));
        assertThrows(IllegalArgumentException.class, () -> new SphericalConvolution(0, 2, 2, false, new Random(1),
                DataType.DOUBLE));
    }
}
