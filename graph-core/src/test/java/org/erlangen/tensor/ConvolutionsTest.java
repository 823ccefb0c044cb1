package org.erlangen.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** 2D convolution and pooling: against the definition, in float64, and their gradients by finite differences. */
class ConvolutionsTest {
    private static INDArray random(long seed, long... shape) {
        Random r = new Random(seed);
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, r.nextGaussian());
        }
        return a;
    }

    /** The convolution by its definition (PyTorch's conv2d: cross-correlation). */
    private static INDArray direct(INDArray x, INDArray weight, INDArray bias, Convolutions.Spec s) {
        int b = (int) x.size(0);
        int c = (int) x.size(1);
        int h = (int) x.size(2);
        int w = (int) x.size(3);
        int o = (int) weight.size(0);
        int kh = (int) weight.size(2);
        int kw = (int) weight.size(3);
        int ho = (h + 2 * s.padding() - s.dilation() * (kh - 1) - 1) / s.stride() + 1;
        int wo = (w + 2 * s.padding() - s.dilation() * (kw - 1) - 1) / s.stride() + 1;
        int cg = c / s.groups();
        int og = o / s.groups();
        INDArray out = Nd4j.create(DataType.DOUBLE, b, o, ho, wo);
        for (int i = 0; i < b; i++) {
            for (int oc = 0; oc < o; oc++) {
                int group = oc / og;
                for (int r = 0; r < ho; r++) {
                    for (int q = 0; q < wo; q++) {
                        double sum = bias == null ? 0 : bias.getDouble(oc);
                        for (int ic = 0; ic < cg; ic++) {
                            for (int a = 0; a < kh; a++) {
                                for (int e = 0; e < kw; e++) {
                                    int y = r * s.stride() - s.padding() + a * s.dilation();
                                    int xx = q * s.stride() - s.padding() + e * s.dilation();
                                    if (y >= 0 && y < h && xx >= 0 && xx < w) {
                                        sum += x.getDouble(i, group * cg + ic, y, xx) * weight.getDouble(oc, ic, a, e);
                                    }
                                }
                            }
                        }
                        out.putScalar(new int[] {i, oc, r, q}, sum);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void convolutionIsItsDefinitionForEverySetting() {
        Convolutions.Spec[] specs = {Convolutions.Spec.DEFAULT, new Convolutions.Spec(2, 1, 1, 1),
            new Convolutions.Spec(1, 2, 2, 1), new Convolutions.Spec(1, 1, 1, 2), new Convolutions.Spec(3, 0, 1, 2)};
        int seed = 0;
        for (Convolutions.Spec s : specs) {
            for (int size : new int[] {7, 8}) {
                INDArray x = random(seed++, 2, 4, size, size + 1);
                INDArray weight = random(seed++, 6, 4 / s.groups(), 3, 2);
                INDArray bias = random(seed++, 6);
                INDArray y = Convolutions.conv2d(Tensor.constant(x), Tensor.constant(weight), Tensor.constant(bias), s)
                        .data();
                INDArray expected = direct(x, weight, bias, s);
                assertArrayEquals(expected.shape(), y.shape(), s.toString());
                assertTrue(expected.equalsWithEps(y, 1e-12), s + " size " + size);
            }
        }
    }

    @Test
    void shiftedProductsAreTheDefinitionToo() {
        Convolutions.Spec[] specs = {Convolutions.Spec.DEFAULT, new Convolutions.Spec(1, 1, 1, 1),
            new Convolutions.Spec(1, 2, 2, 1)};
        int seed = 100;
        for (Convolutions.Spec s : specs) {
            for (int size : new int[] {7, 8}) {
                INDArray x = random(seed++, 3, 5, size, size + 1);
                INDArray weight = random(seed++, 6, 5, 3, 2);
                INDArray bias = random(seed++, 6);
                assertTrue(ShiftedConvolution.applies(Tensor.constant(x), Tensor.constant(weight), s));
                INDArray y = ShiftedConvolution.apply(Tensor.constant(x), Tensor.constant(weight),
                        Tensor.constant(bias), s).data();
                INDArray expected = direct(x, weight, bias, s);
                assertArrayEquals(expected.shape(), y.shape(), s.toString());
                assertTrue(expected.equalsWithEps(y, 1e-12), s + " size " + size);
            }
        }
        assertTrue(!ShiftedConvolution.applies(Tensor.constant(random(1, 1, 4, 5, 5)), Tensor.constant(random(2, 4,
                4, 3, 3)), new Convolutions.Spec(2, 0, 1, 1)), "strided convolutions take the patch matrix");
    }

    @Test
    void shiftedProductsGradientsMatchFiniteDifferences() {
        for (Convolutions.Spec s : new Convolutions.Spec[] {Convolutions.Spec.DEFAULT,
            new Convolutions.Spec(1, 1, 2, 1)}) {
            GradCheck.check(in -> ShiftedConvolution.apply(in.get(0), in.get(1), in.get(2), s), random(11, 2, 3, 6, 5),
                    random(12, 4, 3, 3, 2), random(13, 4));
        }
        GradCheck.check(in -> ShiftedConvolution.apply(in.get(0), in.get(1), null, Convolutions.Spec.DEFAULT),
                random(14, 1, 2, 4, 4), random(15, 3, 2, 2, 2));
    }

    @Test
    void patchMatricesAreTheDefinitionToo() {
        // the last: padding wider than a row, so some taps read only padding
        Convolutions.Spec[] specs = {Convolutions.Spec.DEFAULT, new Convolutions.Spec(1, 1, 1, 1),
            new Convolutions.Spec(1, 2, 2, 1), new Convolutions.Spec(1, 4, 1, 1)};
        int seed = 200;
        for (Convolutions.Spec s : specs) {
            for (int channels : new int[] {1, 3}) {
                for (int size : new int[] {4, 7}) {
                    Tensor x = Tensor.constant(random(seed++, 3, channels, size, size + 1));
                    Tensor weight = Tensor.constant(random(seed++, 5, channels, 3, 2));
                    INDArray bias = random(seed++, 5);
                    assertTrue(PatchConvolution.applies(x, weight, null, s));
                    for (INDArray b : new INDArray[] {bias, null}) {
                        INDArray y = PatchConvolution.apply(x, weight, b == null ? null : Tensor.constant(b), s)
                                .data();
                        INDArray expected = direct(x.data(), weight.data(), b, s);
                        assertArrayEquals(expected.shape(), y.shape(), s.toString());
                        assertTrue(expected.equalsWithEps(y, 1e-12), s + " " + channels + " channels, size " + size
                                + (b == null ? ", no bias" : ""));
                    }
                }
            }
        }
        Tensor x = Tensor.constant(random(1, 1, 4, 5, 5));
        Tensor weight = Tensor.constant(random(2, 4, 4, 3, 3));
        assertTrue(!PatchConvolution.applies(x, weight, null, new Convolutions.Spec(2, 0, 1, 1)), "strided");
        assertTrue(!PatchConvolution.applies(x, Tensor.constant(random(2, 4, 2, 3, 3)), null,
                new Convolutions.Spec(1, 0, 1, 2)), "grouped");
    }

    @Test
    void patchMatricesGradientsMatchFiniteDifferences() {
        for (Convolutions.Spec s : new Convolutions.Spec[] {Convolutions.Spec.DEFAULT,
            new Convolutions.Spec(1, 2, 2, 1)}) {
            GradCheck.check(in -> PatchConvolution.apply(in.get(0), in.get(1), in.get(2), s), random(21, 3, 2, 6, 5),
                    random(22, 4, 2, 3, 2), random(23, 4));
        }
        GradCheck.check(in -> PatchConvolution.apply(in.get(0), in.get(1), null, Convolutions.Spec.DEFAULT),
                random(24, 2, 1, 4, 4), random(25, 3, 1, 2, 2));
    }

    @Test
    void floatPatchMatricesAgreeWithDouble() {
        INDArray x = random(31, 5, 1, 9, 8);
        INDArray weight = random(32, 6, 1, 3, 3);
        INDArray bias = random(33, 6);
        INDArray weights = random(34, 5, 6, 7, 6);
        INDArray[][] results = new INDArray[2][];
        DataType[] types = {DataType.DOUBLE, DataType.FLOAT};
        for (int i = 0; i < 2; i++) {
            Tensor[] in = {Tensor.parameter(x.castTo(types[i])), Tensor.parameter(weight.castTo(types[i])),
                Tensor.parameter(bias.castTo(types[i]))};
            Tensor y = PatchConvolution.apply(in[0], in[1], in[2], Convolutions.Spec.DEFAULT);
            Reductions.sum(Ops.mul(y, Tensor.constant(weights.castTo(types[i])))).backward();
            results[i] = new INDArray[] {y.data(), in[0].grad(), in[1].grad(), in[2].grad()};
        }
        for (int k = 0; k < 4; k++) {
            assertTrue(results[0][k].equalsWithEps(results[1][k].castTo(DataType.DOUBLE), 1e-4), "result " + k);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (Convolutions.Spec s : new Convolutions.Spec[] {new Convolutions.Spec(2, 1, 1, 1),
            new Convolutions.Spec(1, 1, 2, 2)}) {
            GradCheck.check(in -> Convolutions.conv2d(in.get(0), in.get(1), in.get(2), s), random(1, 2, 4, 6, 5),
                    random(2, 4, 4 / s.groups(), 3, 3), random(3, 4));
        }
        GradCheck.check(in -> Convolutions.avgPool2d(in.get(0), 2, 2), random(4, 2, 3, 5, 6));
        GradCheck.check(in -> Convolutions.avgPool2d(in.get(0), 3, 1), random(5, 1, 2, 5, 5));
        // distinct values, so no window's maximum is tied and the function is smooth around them
        GradCheck.check(in -> Convolutions.maxPool2d(in.get(0), 2, 2), random(6, 2, 3, 6, 7));
    }

    @Test
    void poolingTakesEachWindowsMaximumOrMean() {
        INDArray x = Nd4j.createFromArray(new double[] {1, 5, 2, 0, 3, 4, 8, 1, 0, 2, 6, 7, 9, 1, 1, 3})
                .reshape(1, 1, 4, 4);
        assertArrayEquals(new double[] {5, 8, 9, 7}, Convolutions.maxPool2d(Tensor.constant(x), 2, 2).data()
                .data().asDouble(), 0);
        assertArrayEquals(new double[] {3.25, 2.75, 3, 4.25}, Convolutions.avgPool2d(Tensor.constant(x), 2, 2)
                .data().data().asDouble(), 1e-15);
        assertEquals(4, Convolutions.maxPool2d(Tensor.constant(x), 3, 1).data().length(), "2 x 2 windows of 3");
    }

    @Test
    void maxPoolingSendsTheGradientToTheFirstOfTiedMaxima() {
        // 2x2 windows: all equal; two tied maxima after a smaller first; all negative; the maximum last
        double[] values = {1, 1, 0, 2, 1, 1, 2, 1, -3, -1, 1, 2, -2, -4, 3, 7};
        double[] expected = {1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1};
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Tensor in = Tensor.parameter(Nd4j.createFromArray(values).reshape(1, 1, 4, 4).castTo(type));
            Tensor y = Convolutions.maxPool2d(in, 2, 2);
            assertArrayEquals(new double[] {1, 2, -1, 7}, y.data().castTo(DataType.DOUBLE).data().asDouble(), 0,
                    type.toString());
            Reductions.sum(y).backward();
            assertArrayEquals(expected, in.grad().castTo(DataType.DOUBLE).data().asDouble(), 0, type + " gradient");
        }
    }

    @Test
    void floatPoolingAgreesWithDouble() {
        INDArray x = random(9, 2, 3, 7, 6);
        for (boolean max : new boolean[] {true, false}) {
            INDArray[] grads = new INDArray[2];
            INDArray[] outs = new INDArray[2];
            DataType[] types = {DataType.DOUBLE, DataType.FLOAT};
            for (int i = 0; i < 2; i++) {
                Tensor in = Tensor.parameter(x.castTo(types[i]));
                Tensor y = max ? Convolutions.maxPool2d(in, 2, 2) : Convolutions.avgPool2d(in, 3, 2);
                INDArray weights = random(10, y.shape()).castTo(types[i]);
                Reductions.sum(Ops.mul(y, Tensor.constant(weights))).backward();
                outs[i] = y.data().castTo(DataType.DOUBLE);
                grads[i] = in.grad().castTo(DataType.DOUBLE);
            }
            assertTrue(outs[0].equalsWithEps(outs[1], 1e-6), "max " + max);
            assertTrue(grads[0].equalsWithEps(grads[1], 1e-6), "max " + max + " gradient");
        }
    }

    @Test
    void shapesThatDoNotFitAreRefused() {
        Tensor x = Tensor.constant(random(7, 1, 3, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> Convolutions.conv2d(x, Tensor.constant(random(8, 2, 2, 3,
                3)), null, Convolutions.Spec.DEFAULT), "3 channels, weight for 2");
        assertThrows(IllegalArgumentException.class, () -> Convolutions.conv2d(x, Tensor.constant(random(8, 2, 3, 5,
                5)), null, Convolutions.Spec.DEFAULT), "a 5x5 kernel on 4x4");
        assertThrows(IllegalArgumentException.class, () -> Convolutions.maxPool2d(x, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> new Convolutions.Spec(0, 0, 1, 1));
    }
}
