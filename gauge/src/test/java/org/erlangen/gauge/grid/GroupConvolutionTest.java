package org.erlangen.gauge.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.nn.GridBatchNorm;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Convolutions;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * p4 and p4m convolutions: exact equivariance through the test kit on odd and even image sizes, invariance after
 * group pooling, the group law the filters rely on, gradients; and a plain CNN failing the same check.
 */
class GroupConvolutionTest {
    private static final PlaneGroup[] GROUPS = {SquareSymmetries.C4, SquareSymmetries.D4};

    private static INDArray images(long seed, int batch, int channels, int size, DataType dtype) {
        Random r = new Random(seed);
        INDArray a = Nd4j.create(DataType.DOUBLE, batch, channels, size, size);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, r.nextGaussian());
        }
        return a.castTo(dtype);
    }

    /** A lifting layer, a ReLU and a group layer: a small p4(m) network. */
    private static Tensor network(PlaneGroup group, Tensor x, DataType dtype) {
        var lift = GroupConvolution.lifting(group, 2, 3, 3, 1, new Random(3), dtype);
        var conv = GroupConvolution.group(group, 3, 2, 3, 1, new Random(4), dtype);
        return conv.forward(Activations.relu(lift.forward(x)));
    }

    @Test
    void theGroupLawHoldsForPixelsAndOrientations() {
        for (PlaneGroup group : GROUPS) {
            for (int a = 0; a < group.order(); a++) {
                assertEquals(0, group.compose(a, group.inverse(a)), group.name() + " inverse of " + a);
                for (int b = 0; b < group.order(); b++) {
                    int[] ab = group.pixelSource(group.compose(a, b), 5);
                    int[] pa = group.pixelSource(a, 5);
                    int[] pb = group.pixelSource(b, 5);
                    int[] composed = new int[25];
                    for (int p = 0; p < 25; p++) {
                        composed[p] = pb[pa[p]];
                    }
                    assertArrayEquals(ab, composed, group.name() + ": " + a + " after " + b);
                }
            }
        }
        // four quarter turns are the identity
        assertEquals(0, SquareSymmetries.C4.compose(1, SquareSymmetries.C4.compose(1, SquareSymmetries.C4
                .compose(1, 1))));
        // as numpy's rot90 turns [[1, 2, 3], [4, 5, 6], [7, 8, 9]] into [[3, 6, 9], [2, 5, 8], [1, 4, 7]]
        assertArrayEquals(new int[] {2, 5, 8, 1, 4, 7, 0, 3, 6}, SquareSymmetries.C4.pixelSource(1, 3));
    }

    @Test
    void liftingAndGroupConvolutionsAreExactlyEquivariant() {
        for (PlaneGroup group : GROUPS) {
            for (int size : new int[] {7, 8}) {
                Equivariance.assertEquivariant(new GridSymmetries(group, GridSymmetries.Output.FEATURE_MAPS),
                        dtype -> Case.of(Tensor.constant(images(size, 2, 2, size, dtype)), x -> network(group, x,
                                dtype)).named(group.name() + " network on " + size + "x" + size));
            }
        }
    }

    @Test
    void groupPooledFeaturesOnlyTurn() {
        for (PlaneGroup group : GROUPS) {
            for (int size : new int[] {6, 9}) {
                Equivariance.assertEquivariant(new GridSymmetries(group, GridSymmetries.Output.PLANAR),
                        dtype -> Case.of(Tensor.constant(images(size + 1, 1, 2, size, dtype)), x -> GroupPooling.max(
                                network(group, x, dtype), group)).named(group.name() + " pooled " + size));
                Equivariance.assertEquivariant(new GridSymmetries(group, GridSymmetries.Output.PLANAR),
                        dtype -> Case.of(Tensor.constant(images(size + 2, 1, 2, size, dtype)), x -> GroupPooling.mean(
                                network(group, x, dtype), group)).named(group.name() + " mean-pooled " + size));
            }
        }
    }

    @Test
    void orientationAwareBatchNormKeepsTheNetworkEquivariant() {
        for (PlaneGroup group : GROUPS) {
            Equivariance.assertEquivariant(new GridSymmetries(group, GridSymmetries.Output.FEATURE_MAPS),
                    dtype -> {
                        var norm = new GridBatchNorm(3, group.order(), dtype);
                        var lift = GroupConvolution.lifting(group, 2, 3, 3, 1, new Random(3), dtype);
                        return Case.of(Tensor.constant(images(12, 3, 2, 6, dtype)), x -> norm.forward(
                                lift.forward(x))).named(group.name() + " with batch statistics");
                    });
        }
    }

    @Test
    void aPlainConvolutionFailsTheSameCheck() {
        var weight = Tensor.constant(images(9, 3, 2, 3, DataType.DOUBLE));
        var check = new GridSymmetries(SquareSymmetries.C4, GridSymmetries.Output.PLANAR);
        assertThrows(AssertionError.class, () -> Equivariance.assertEquivariant(check, Case.of(Tensor.constant(
                images(10, 1, 2, 8, DataType.DOUBLE)), x -> Convolutions.conv2d(x, weight, null,
                        Convolutions.Spec.DEFAULT.padded(1)))));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (PlaneGroup group : GROUPS) {
            var lift = GroupConvolution.lifting(group, 2, 2, 3, 1, new Random(5), DataType.DOUBLE);
            var conv = GroupConvolution.group(group, 2, 1, 3, 0, new Random(6), DataType.DOUBLE);
            Tensor x = Tensor.constant(images(11, 1, 2, 5, DataType.DOUBLE));
            GradCheck.checkParameters(lift, () -> lift.forward(x));
            GradCheck.checkParameters(conv, () -> conv.forward(lift.forward(x)));
            GradCheck.check(in -> GroupPooling.max(conv.forward(lift.forward(in.get(0))), group),
                    x.data());
        }
    }

    @Test
    void inputsOfTheWrongShapeAreRefused() {
        var conv = GroupConvolution.group(SquareSymmetries.D4, 3, 2, 3, 1, new Random(1), DataType.DOUBLE);
        var e = assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.constant(images(1, 1, 3, 5,
                DataType.DOUBLE))));
        assertTrue(e.getMessage().contains("D4-feature maps [batch, 24, height, width]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SquareSymmetries.named("C7"));
    }
}
