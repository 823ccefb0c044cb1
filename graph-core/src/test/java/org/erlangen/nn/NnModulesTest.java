package org.erlangen.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.erlangen.kernels.Buffers;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.SetBatch;
import org.erlangen.testing.SetPermutations;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NnModulesTest {
    private final Random rng = new Random(5);

    @Test
    void initIsSeededBoundedAndTyped() {
        INDArray a = Init.glorotUniform(30, 20, new Random(1), DataType.FLOAT);
        INDArray b = Init.glorotUniform(30, 20, new Random(1), DataType.FLOAT);
        INDArray other = Init.glorotUniform(30, 20, new Random(2), DataType.FLOAT);
        assertEquals(a, b);
        assertNotEquals(a, other);
        assertEquals(DataType.FLOAT, a.dataType());
        assertArrayEquals(new long[] {30, 20}, a.shape());
        double glorot = Math.sqrt(6.0 / 50);
        assertTrue(a.amaxNumber().doubleValue() <= glorot);
        // a uniform on [-b, b] has variance b^2 / 3
        INDArray big = Init.kaimingUniform(400, 300, new SplittableRandom(3), DataType.DOUBLE);
        double kaiming = Math.sqrt(6.0 / 400);
        assertEquals(DataType.DOUBLE, big.dataType());
        assertTrue(big.amaxNumber().doubleValue() <= kaiming);
        assertTrue(big.amaxNumber().doubleValue() > 0.99 * kaiming);
        assertEquals(0.0, big.meanNumber().doubleValue(), 0.01 * kaiming);
        assertEquals(kaiming * kaiming / 3, big.varNumber().doubleValue(), 0.02 * kaiming * kaiming);
        assertEquals(0.0, Init.zeros(DataType.FLOAT, 3, 2).amaxNumber().doubleValue(), 0);
        assertThrows(IllegalArgumentException.class, () -> Init.glorotUniform(0, 3, new Random(), DataType.FLOAT));
    }

    @Test
    void linearComputesXWPlusB() {
        Linear lin = new Linear(3, 2, true, Init.Scheme.KAIMING_UNIFORM, new Random(4), DataType.DOUBLE);
        lin.bias().data().assign(Nd4j.createFromArray(0.5, -1.0));
        assertArrayEquals(new long[] {3, 2}, lin.weight().shape());
        assertEquals(List.of("weight", "bias"), List.copyOf(lin.namedParameters().keySet()));
        INDArray x = GradCheck.uniform(rng, -1, 1, 4, 3);
        INDArray y = lin.forward(Tensor.constant(x)).data();
        INDArray w = lin.weight().data();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 2; j++) {
                double s = lin.bias().data().getDouble(j);
                for (int k = 0; k < 3; k++) {
                    s += x.getDouble(i, k) * w.getDouble(k, j);
                }
                assertEquals(s, y.getDouble(i, j), 1e-12);
            }
        }
        Linear noBias = new Linear(3, 2, false, new Random(4));
        assertNull(noBias.bias());
        assertEquals(1, noBias.parameters().size());
        assertEquals(DataType.FLOAT, noBias.weight().dtype());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lin.forward(Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 4, 5))));
        assertTrue(e.getMessage().contains("[4, 5]"), e.getMessage());
    }

    @Test
    void dropoutInPlaceOnTheHeapIsTheConstantsDropoutBitForBit() {
        // more values than one chunk of draws, and a heap array longer than the values
        int size = 2 * 65_536 + 37;
        float[] values = new float[size + 11];
        var random = new SplittableRandom(4);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        float[] before = values.clone();
        INDArray expected = Dropout.apply(Tensor.constant(Buffers.ofPrefix(values, size, size)), 0.4, true,
                new SplittableRandom(8)).data();
        var rng = new SplittableRandom(8);
        Dropout.applyInPlace(values, size, 0.4, true, rng);
        assertArrayEquals(expected.data().asFloat(), Arrays.copyOf(values, size));
        assertArrayEquals(Arrays.copyOfRange(before, size, before.length),
                Arrays.copyOfRange(values, size, values.length), "values past size stay");
        var drawn = new SplittableRandom(8);
        drawn.nextLong();
        assertEquals(drawn.nextLong(), rng.nextLong(), "one draw from the generator, as apply makes");
        float[] again = before.clone();
        var untouched = new SplittableRandom(8);
        Dropout.applyInPlace(again, size, 0.4, false, untouched);
        Dropout.applyInPlace(again, size, 0.0, true, untouched);
        assertArrayEquals(before, again, "evaluation and p = 0 change nothing");
        assertEquals(new SplittableRandom(8).nextLong(), untouched.nextLong(), "and draw nothing");
        assertThrows(IllegalArgumentException.class, () -> Dropout.applyInPlace(again, size + 12, 0.4, true,
                new SplittableRandom(1)));
    }

    @Test
    void dropoutMasksAreSeededScaledAndIdentityInEval() {
        Tensor x = Tensor.parameter(Nd4j.ones(DataType.FLOAT, 200, 50));
        Tensor a = Dropout.apply(x, 0.3, true, new SplittableRandom(8));
        Tensor b = Dropout.apply(x, 0.3, true, new SplittableRandom(8));
        Tensor c = Dropout.apply(x, 0.3, true, new SplittableRandom(9));
        assertEquals(a.data(), b.data());
        assertNotEquals(a.data(), c.data());
        long zeros = a.data().eq(0.0).castTo(DataType.INT32).sumNumber().longValue();
        long kept = a.data().eq(1.0 / 0.7).castTo(DataType.INT32).sumNumber().longValue();
        assertEquals(10000, zeros + kept, "every element is either dropped or scaled by 1/(1-p)");
        assertEquals(0.3, zeros / 10000.0, 0.02);
        // the gradient is the mask
        a.sum().backward();
        assertEquals(a.data(), x.grad());
        assertSame(x, Dropout.apply(x, 0.3, false, new SplittableRandom(8)));
        assertSame(x, Dropout.apply(x, 0.0, true, new SplittableRandom(8)));
        assertEquals(0.0, Dropout.apply(x, 1.0, true, new SplittableRandom(8)).data().amaxNumber().doubleValue(), 0);
        assertThrows(IllegalArgumentException.class, () -> Dropout.apply(x, 1.5, true, new SplittableRandom(1)));

        Dropout layer = new Dropout(0.5, 77);
        INDArray first = layer.forward(x).data();
        INDArray second = layer.forward(x).data();
        assertNotEquals(first, second, "successive masks differ");
        assertEquals(first, new Dropout(0.5, 77).forward(x).data(), "a new layer with the same seed repeats");
        layer.eval();
        assertSame(x, layer.forward(x));
    }

    /** A constant input (features) is dropped in one pass, with the values the mask gives a parameter, bit for bit. */
    @Test
    void dropoutOfAConstantEqualsTheMaskedParameter() {
        INDArray values = GradCheck.uniform(new Random(3), -2, 2, 70_001, 3).castTo(DataType.FLOAT);
        INDArray before = values.dup();
        for (double p : new double[] {0.1, 0.5, 1.0}) {
            Tensor constant = Dropout.apply(Tensor.constant(values), p, true, new SplittableRandom(12));
            Tensor parameter = Dropout.apply(Tensor.parameter(values.dup()), p, true, new SplittableRandom(12));
            assertFalse(constant.requiresGrad());
            assertArrayEquals(Buffers.floats(parameter.data()), Buffers.floats(constant.data()), "p " + p);
            assertArrayEquals(Buffers.floats(parameter.data()), Buffers.floats(Dropout.applyMask(
                    Tensor.constant(values), Dropout.mask(values.shape(), DataType.FLOAT, p,
                            new SplittableRandom(12))).data()), "p " + p);
        }
        assertArrayEquals(Buffers.floats(before), Buffers.floats(values), "the input is untouched");
    }

    @Test
    void layerNormMatchesReference() {
        LayerNorm norm = new LayerNorm(5, 1e-5, true, DataType.DOUBLE);
        INDArray gamma = GradCheck.uniform(rng, 0.5, 2, 5);
        INDArray beta = GradCheck.uniform(rng, -1, 1, 5);
        norm.loadStateDict(java.util.Map.of("weight", gamma, "bias", beta));
        INDArray x = GradCheck.uniform(rng, -3, 3, 2, 3, 5);
        INDArray y = norm.forward(Tensor.constant(x)).data();
        assertArrayEquals(x.shape(), y.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double mean = 0;
                for (int k = 0; k < 5; k++) {
                    mean += x.getDouble(i, j, k) / 5;
                }
                double var = 0;
                for (int k = 0; k < 5; k++) {
                    var += Math.pow(x.getDouble(i, j, k) - mean, 2) / 5;
                }
                for (int k = 0; k < 5; k++) {
                    double expected = (x.getDouble(i, j, k) - mean) / Math.sqrt(var + 1e-5) * gamma.getDouble(k)
                            + beta.getDouble(k);
                    assertEquals(expected, y.getDouble(i, j, k), 1e-12);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> norm.forward(Tensor.constant(Nd4j.zeros(3, 4))));
    }

    @Test
    void batchNormTrainingUpdatesRunningStatsLikePyTorch() {
        BatchNorm bn = new BatchNorm(3, 1e-5, 0.1, true, DataType.DOUBLE);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(bn.stateDict().keySet()));
        INDArray x = GradCheck.uniform(rng, -2, 4, 8, 3);
        INDArray y = bn.forward(Tensor.constant(x)).data();
        for (int j = 0; j < 3; j++) {
            double mean = x.getColumn(j).meanNumber().doubleValue();
            double biased = 0;
            for (int i = 0; i < 8; i++) {
                biased += Math.pow(x.getDouble(i, j) - mean, 2) / 8;
            }
            for (int i = 0; i < 8; i++) {
                assertEquals((x.getDouble(i, j) - mean) / Math.sqrt(biased + 1e-5), y.getDouble(i, j), 1e-12);
            }
            assertEquals(0.1 * mean, bn.runningMean().getDouble(j), 1e-12);
            assertEquals(0.9 + 0.1 * biased * 8 / 7, bn.runningVar().getDouble(j), 1e-12);
        }
        assertEquals(1, bn.stateDict().get("num_batches_tracked").getLong(0));

        bn.eval();
        INDArray rm = bn.runningMean().dup();
        INDArray rv = bn.runningVar().dup();
        INDArray z = GradCheck.uniform(rng, -1, 1, 1, 3); // a single row is fine in evaluation
        INDArray out = bn.forward(Tensor.constant(z)).data();
        for (int j = 0; j < 3; j++) {
            assertEquals((z.getDouble(0, j) - rm.getDouble(j)) / Math.sqrt(rv.getDouble(j) + 1e-5),
                    out.getDouble(0, j), 1e-12);
        }
        assertEquals(rm, bn.runningMean(), "evaluation leaves running statistics alone");
        assertEquals(1, bn.stateDict().get("num_batches_tracked").getLong(0));
        bn.train(true);
        assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.constant(z)));
    }

    @Test
    void mlpStructureNamesAndModes() {
        MLP mlp = MLP.builder(4, 8, 8, 3).activation(Activation.TANH).norm(MLP.Norm.BATCH).dropout(0.5).seed(3)
                .build();
        assertEquals(List.of("lins.0.weight", "lins.0.bias", "lins.1.weight", "lins.1.bias", "lins.2.weight",
                "lins.2.bias", "norms.0.weight", "norms.0.bias", "norms.1.weight", "norms.1.bias"),
                List.copyOf(mlp.namedParameters().keySet()));
        assertTrue(mlp.stateDict().containsKey("norms.1.running_var"));
        assertArrayEquals(new long[] {4, 8}, mlp.layer(0).weight().shape());
        assertEquals(4 * 8 + 8 + 8 * 8 + 8 + 8 * 3 + 3 + 4 * 8, mlp.parameterCount());

        Tensor x = Tensor.constant(Nd4j.rand(DataType.FLOAT, 6, 4));
        INDArray train1 = mlp.forward(x).data();
        INDArray train2 = mlp.forward(x).data();
        assertNotEquals(train1, train2, "dropout draws new masks in training");
        mlp.eval();
        assertFalse(mlp.layer(0).isTraining());
        assertEquals(mlp.forward(x).data(), mlp.forward(x).data());
        assertArrayEquals(new long[] {6, 3}, mlp.forward(x).shape());

        // the seed fixes the weights, and dropout does not consume the weights' random stream
        MLP same = MLP.builder(4, 8, 8, 3).activation(Activation.TANH).seed(3).build();
        assertEquals(mlp.layer(1).weight().data(), same.layer(1).weight().data());
        MLP otherSeed = MLP.builder(4, 8, 8, 3).seed(4).build();
        assertNotEquals(mlp.layer(1).weight().data(), otherSeed.layer(1).weight().data());
    }

    @Test
    void mlpLayerNormForwardMatchesManualComposition() {
        MLP mlp = MLP.builder(3, 5, 2).norm(MLP.Norm.LAYER).activation(Activation.RELU).dtype(DataType.DOUBLE)
                .seed(9).build();
        Tensor x = Tensor.constant(GradCheck.uniform(rng, -1, 1, 4, 3));
        Tensor manual = mlp.layer(1).forward(Activation.RELU.apply(LayerNorm.apply(mlp.layer(0).forward(x),
                null, null, LayerNorm.DEFAULT_EPS)));
        assertTrue(manual.data().equalsWithEps(mlp.forward(x).data(), 1e-12));
    }

    @Test
    void mlpWithActivatedLastLayerIsTheActivationOfThePlainOne() {
        INDArray x = GradCheck.uniform(new Random(5), -1, 1, 6, 4);
        for (MLP.Norm norm : new MLP.Norm[] {MLP.Norm.NONE, MLP.Norm.LAYER}) {
            MLP plain = MLP.builder(4, 8, 3).norm(norm).dtype(DataType.DOUBLE).seed(9).build();
            MLP activated = MLP.builder(4, 8, 3).norm(norm).activateLast(true).dtype(DataType.DOUBLE).seed(9).build();
            INDArray expected = org.erlangen.tensor.Activations.relu(plain.forward(Tensor.constant(x))).data();
            INDArray actual = activated.forward(Tensor.constant(x)).data();
            assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), 1e-12, "norm " + norm);
            assertTrue(actual.minNumber().doubleValue() >= 0.0);
            assertTrue(actual.eq(0.0).any(), "some outputs are cut by the last ReLU");
            GradCheck.checkParameters(activated, () -> activated.forward(Tensor.constant(x)));
        }
    }

    @Test
    void rowWiseModulesAreEquivariantToReorderingTheRows() {
        // batch norm in training normalises with statistics of all rows, which do not depend on their order
        for (MLP.Norm norm : MLP.Norm.values()) {
            Equivariance.assertEquivariant(SetPermutations.withinSets(), dtype -> {
                MLP mlp = MLP.builder(4, 8, 3).norm(norm).dtype(dtype).seed(11).build();
                return Case.of(SetBatch.single(GradCheck.uniform(new Random(12), -1, 1, 10, 4).castTo(dtype)),
                        s -> mlp.forward(Tensor.constant(s.elements()))).named("MLP with norm " + norm);
            });
        }
        Equivariance.assertEquivariant(SetPermutations.withinSets(), dtype -> {
            LayerNorm layerNorm = new LayerNorm(4, 1e-5, true, dtype);
            return Case.of(SetBatch.single(GradCheck.uniform(new Random(13), -3, 3, 7, 4).castTo(dtype)),
                    s -> layerNorm.forward(Tensor.constant(s.elements()))).named("LayerNorm");
        });
        Equivariance.assertEquivariant(SetPermutations.withinSets(), dtype -> {
            BatchNorm batchNorm = new BatchNorm(4, 1e-5, 0.1, true, dtype);
            return Case.of(SetBatch.single(GradCheck.uniform(new Random(14), -2, 4, 9, 4).castTo(dtype)),
                    s -> batchNorm.forward(Tensor.constant(s.elements()))).named("BatchNorm in training");
        });
    }

    @Test
    void activationAndNormNames() {
        assertEquals(Activation.LEAKY_RELU, Activation.of("leaky-relu"));
        assertEquals(Activation.GELU, Activation.of(" GELU "));
        assertEquals(MLP.Norm.BATCH, MLP.Norm.of("batch"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.of("swish2"));
        assertTrue(e.getMessage().contains("swish2"));
        assertThrows(IllegalArgumentException.class, () -> MLP.builder(3));
    }
}
