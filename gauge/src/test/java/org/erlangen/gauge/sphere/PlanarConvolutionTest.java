package org.erlangen.gauge.sphere;

import static org.erlangen.gauge.sphere.SphereTransformsTest.gaussian;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.UnaryOperator;
import org.erlangen.tensor.Convolutions;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Comparison;
import org.erlangen.testing.Equivariance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A planar convolution on the grid image fails the rotation check the zonal convolution passes: the same pipeline
 * (coefficients to the grid, the layer on grid values, back to coefficients), the same rotations, the same signals.
 */
class PlanarConvolutionTest {
    private static final int B = 8;

    /** The layer on grid values as a 2B x 2B image per channel, seen from the coefficients. */
    private static UnaryOperator<Tensor> onTheGrid(SphereTransforms transforms, UnaryOperator<Tensor> layer) {
        return coefficients -> {
            long n = coefficients.size(0);
            long c = coefficients.size(1);
            Tensor image = Shapes.reshape(transforms.synthesis(coefficients), n, c, 2 * B, 2 * B);
            Tensor out = layer.apply(image);
            return transforms.analysis(Shapes.reshape(out, n, out.size(1), 4L * B * B));
        };
    }

    private static double relativeError(UnaryOperator<Tensor> layer) {
        var transforms = new SphereTransforms(B, DataType.DOUBLE);
        Comparison c = Equivariance.compare(new SphereRotations(B), Case.of(
                Tensor.constant(gaussian(40, 2, 1, B * B)), onTheGrid(transforms, layer)));
        return c.actual().sub(c.expected()).norm2Number().doubleValue() / c.expected().norm2Number().doubleValue();
    }

    @Test
    void aPlanarConvolutionOnTheGridIsNotRotationEquivariantWhereTheZonalOneIs() {
        var random = new Random(41);
        Tensor filter = Tensor.constant(gaussian(42, 2, 1, 3, 3));
        double planar = relativeError(image -> Convolutions.conv2d(image, filter, null,
                Convolutions.Spec.DEFAULT.padded(1)));
        // the zonal convolution through the same grid round trip: a band-limited signal survives it exactly
        var zonal = new SphericalConvolution(B, 1, 2, true, random, DataType.DOUBLE);
        var transforms = new SphereTransforms(B, DataType.DOUBLE);
        double spherical = relativeError(image -> {
            long n = image.size(0);
            Tensor coefficients = transforms.analysis(Shapes.reshape(image, n, 1, 4L * B * B));
            return Shapes.reshape(transforms.synthesis(zonal.forward(coefficients)), n, 2, 2 * B, 2 * B);
        });
        System.out.printf("relative rotation error at B = %d: planar 3x3 convolution %.3g, zonal %.3g%n", B, planar,
                spherical);
        assertTrue(spherical < 1e-9, "the zonal convolution through the grid: " + spherical);
        assertTrue(planar > 0.1, "a planar convolution on the grid should not commute with rotations: " + planar);
    }
}
