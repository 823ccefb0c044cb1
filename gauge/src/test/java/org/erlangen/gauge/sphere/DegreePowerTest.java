package org.erlangen.gauge.sphere;

import static org.erlangen.gauge.sphere.SphereTransformsTest.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The power spectrum and the degree-0 coefficient: their values, rotation invariance, gradients. */
class DegreePowerTest {
    @Test
    void powerSumsSquaresPerDegree() {
        var f = gaussian(1, 2, 3, 16);
        var p = DegreePower.power(Tensor.constant(f)).data();
        var norms = DegreePower.norm(Tensor.constant(f)).data();
        assertEquals(3, p.rank());
        assertEquals(4, p.size(2));
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int l = 0; l < 4; l++) {
                    double s = 0;
                    for (int i = l * l; i < (l + 1) * (l + 1); i++) {
                        s += f.getDouble(n, c, i) * f.getDouble(n, c, i);
                    }
                    assertEquals(s, p.getDouble(n, c, l), 1e-12);
                    assertEquals(Math.sqrt(s), norms.getDouble(n, c, l), 1e-9);
                }
                assertEquals(f.getDouble(n, c, 0), DegreePower.degreeZero(Tensor.constant(f)).data().getDouble(n, c));
            }
        }
    }

    @Test
    void powerAndDegreeZeroAreRotationInvariant() {
        var rotations = new SphereRotations(6);
        for (long seed : new long[] {1, 2}) {
            Equivariance.assertInvariant(rotations, dtype -> Case.of(Tensor.constant(gaussian(5 + seed, 2, 3, 36)
                    .castTo(dtype)), DegreePower::power).named("power").withSeed(seed));
            Equivariance.assertInvariant(rotations, dtype -> Case.of(Tensor.constant(gaussian(7 + seed, 2, 3, 36)
                    .castTo(dtype)), DegreePower::degreeZero).named("degree 0").withSeed(seed));
        }
    }

    @Test
    void theRawCoefficientsOfDegreeOneAreNotInvariant() {
        // the check can fail: a degree-1 coefficient alone turns with the rotation
        var rotations = new SphereRotations(4);
        assertThrows(AssertionError.class, () -> Equivariance.assertInvariant(rotations, Case.of(Tensor.constant(
                gaussian(9, 1, 2, 16)), x -> Shapes.slice(x, 2, 1, 4))));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GradCheck.check(in -> DegreePower.power(in.get(0)), gaussian(3, 2, 2, 9));
        GradCheck.check(in -> DegreePower.degreeZero(in.get(0)), gaussian(4, 2, 2, 9));
        GradCheck.check(in -> DegreePower.norm(in.get(0)), gaussian(5, 2, 2, 9));
    }

    @Test
    void nonSquareCoefficientCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DegreePower.power(Tensor.constant(gaussian(1, 1, 1, 8)
                .castTo(DataType.DOUBLE))));
    }
}
