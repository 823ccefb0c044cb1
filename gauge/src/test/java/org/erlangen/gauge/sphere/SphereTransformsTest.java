package org.erlangen.gauge.sphere;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.erlangen.mesh.sphere.DriscollHealyGrid;
import org.erlangen.mesh.sphere.SphericalTransform;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The tensor transforms agree with mesh's transform, invert each other on coefficients, and differentiate. */
class SphereTransformsTest {
    static INDArray gaussian(long seed, long... shape) {
        var r = new Random(seed);
        var a = GradCheck.uniform(r, 0, 1, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, r.nextGaussian());
        }
        return a;
    }

    /** Entries [n, c, :] of a rank-3 array. */
    private static double[] row(INDArray a, int n, int c) {
        var r = new double[(int) a.size(2)];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.getDouble(n, c, i);
        }
        return r;
    }

    @Test
    void agreesWithMeshTransformPerChannel() {
        int b = 5;
        var transforms = new SphereTransforms(b, DataType.DOUBLE);
        var mesh = new SphericalTransform(new DriscollHealyGrid(b));
        var coefficients = gaussian(1, 2, 3, b * b);
        var grid = transforms.synthesis(Tensor.constant(coefficients)).data();
        var back = transforms.analysis(Tensor.constant(grid)).data();
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                double[] f = row(coefficients, n, c);
                double[] values = row(grid, n, c);
                assertArrayEquals(mesh.inverse(f), values, 1e-12, "synthesis of row " + n + ", " + c);
                assertArrayEquals(f, row(back, n, c), 1e-12,
                        "analysis after synthesis of row " + n + ", " + c);
                assertArrayEquals(mesh.forward(values), row(back, n, c), 1e-12);
            }
        }
    }

    @Test
    void float32TransformsStayFloat32AndClose() {
        var transforms = new SphereTransforms(4, DataType.FLOAT);
        var coefficients = gaussian(2, 1, 2, 16);
        var back = transforms.analysis(transforms.synthesis(Tensor.constant(coefficients.castTo(DataType.FLOAT))));
        assertEquals(DataType.FLOAT, back.dtype());
        assertArrayEquals(coefficients.data().asDouble(), back.data().castTo(DataType.DOUBLE).data().asDouble(), 1e-5);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        var transforms = new SphereTransforms(3, DataType.DOUBLE);
        GradCheck.check(in -> transforms.synthesis(in.get(0)), gaussian(3, 2, 2, 9));
        GradCheck.check(in -> transforms.analysis(in.get(0)), gaussian(4, 2, 1, 36));
    }

    @Test
    void wrongShapesAndTypesAreRefused() {
        var transforms = new SphereTransforms(3, DataType.DOUBLE);
        assertThrows(IllegalArgumentException.class, () -> transforms.analysis(Tensor.constant(gaussian(5, 1, 1, 9))));
        assertThrows(IllegalArgumentException.class, () -> transforms.synthesis(Tensor.constant(
                gaussian(5, 1, 1, 9).castTo(DataType.FLOAT))));
        assertThrows(IllegalArgumentException.class, () -> new SphereTransforms(0, DataType.DOUBLE));
    }
}
