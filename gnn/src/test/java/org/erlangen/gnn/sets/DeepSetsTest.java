package org.erlangen.gnn.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.erlangen.gnn.pool.GlobalPool;
import org.erlangen.gnn.testing.Batches;
import org.erlangen.graph.GraphBatch;
import org.erlangen.nn.Activation;
import org.erlangen.nn.MLP;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Segments;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.SetBatch;
import org.erlangen.testing.SetPermutations;
import org.erlangen.train.Losses;
import org.erlangen.train.LrSchedule;
import org.erlangen.train.Objective;
import org.erlangen.train.Trainer;
import org.erlangen.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DeepSetsTest {
    /** Sets of 2 to 10 digits as one-hot rows, and each set's sum. */
    private record DigitSets(INDArray oneHot, Segments sets, int[] digits, int[] sums) {
        static DigitSets draw(int count, Random random) {
            int[] sizes = new int[count];
            int total = 0;
            for (int b = 0; b < count; b++) {
                sizes[b] = 2 + random.nextInt(9);
                total += sizes[b];
            }
            int[] digits = new int[total];
            int[] sums = new int[count];
            float[] oneHot = new float[total * 10];
            Segments sets = Segments.ofSizes(sizes);
            for (int b = 0; b < count; b++) {
                for (int i = sets.start(b); i < sets.end(b); i++) {
                    digits[i] = random.nextInt(10);
                    oneHot[i * 10 + digits[i]] = 1;
                    sums[b] += digits[i];
                }
            }
            return new DigitSets(Nd4j.create(oneHot, new long[] {total, 10}, 'c'), sets, digits, sums);
        }

        /** The sum of the set of each row: the target a per-element model is asked to predict. */
        int[] sumOfEachElementsSet() {
            int[] out = new int[digits.length];
            for (int b = 0; b < sets.count(); b++) {
                java.util.Arrays.fill(out, sets.start(b), sets.end(b), sums[b]);
            }
            return out;
        }
    }

    // targets are scaled by 1/10 so the regression works on values of order 1
    private static final double SCALE = 10.0;
    private static final int SETS_PER_STEP = 64;

    private static INDArray scaledColumn(int[] values) {
        float[] v = new float[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (values[i] / SCALE);
        }
        return Nd4j.create(v, new long[] {v.length, 1}, 'c');
    }

    /**
     * Adam with a cosine schedule on the mean squared error, each step on {@value #SETS_PER_STEP} freshly drawn sets
     * (so rare sets such as {0, 0} are seen now and then). {@code loss} gives the loss of a model on a batch.
     */
    private static void train(Module model, Function<DigitSets, Tensor> loss, int steps, long seed) {
        Random random = new Random(seed);
        TrainingSettings settings = TrainingSettings.builder().epochs(steps)
                .schedule(LrSchedule.cosine(0.01, 1e-4)).build();
        new Trainer(settings).fit(new Objective<DigitSets>() {
            @Override
            public Module module() {
                return model;
            }

            @Override
            public int batchesPerEpoch() {
                return 1;
            }

            @Override
            public Iterable<DigitSets> batches(int epoch) {
                return List.of(DigitSets.draw(SETS_PER_STEP, random));
            }

            @Override
            public Tensor loss(DigitSets batch) {
                return loss.apply(batch);
            }
        });
    }

    /** Fraction of predictions that, rounded to an integer, differ from the truth. */
    private static double mismatchRate(INDArray prediction, int[] truth) {
        int wrong = 0;
        for (int i = 0; i < truth.length; i++) {
            wrong += Math.round(prediction.getDouble(i, 0) * SCALE) == truth[i] ? 0 : 1;
        }
        return wrong / (double) truth.length;
    }

    private static MLP mlp(long seed, int... widths) {
        // ELU rather than ReLU: with ReLU the smallest sums ({0, 0}) sat on a kink and came out near 1
        return MLP.builder(widths).activation(Activation.ELU).seed(seed).build();
    }

    @Test
    void learnsTheSumOfASetOfDigitsWhichNoPerElementModelCan() {
        DigitSets test = DigitSets.draw(2000, new Random(1));
        int steps = 1500;
        long start = System.nanoTime();
        DeepSets deepSets = new DeepSets(mlp(3, 10, 16, 8), mlp(4, 8, 16, 1), GlobalPool.SUM);
        train(deepSets, batch -> Losses.mse(deepSets.forward(Tensor.constant(batch.oneHot()), batch.sets()),
                Tensor.constant(scaledColumn(batch.sums()))), steps, 2);
        double seconds = (System.nanoTime() - start) / 1e9;

        // the same two MLPs with nothing between them: each element alone has to predict its set's sum; it cannot
        // know the other elements, so fewer steps suffice to show it
        PerElement perElement = new PerElement(mlp(3, 10, 16, 8), mlp(4, 8, 16, 1));
        train(perElement, batch -> Losses.mse(perElement.forward(Tensor.constant(batch.oneHot())),
                Tensor.constant(scaledColumn(batch.sumOfEachElementsSet()))), steps / 3, 2);

        double deepSetsError;
        double perElementError;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            deepSetsError = mismatchRate(deepSets.forward(Tensor.constant(test.oneHot()), test.sets()).data(),
                    test.sums());
            perElementError = mismatchRate(perElement.forward(Tensor.constant(test.oneHot())).data(),
                    test.sumOfEachElementsSet());
        }
        System.out.printf("DeepSets digit sum: test error %.4f (per-element model %.4f); %d steps of %d sets in "
                + "%.1f s%n", deepSetsError, perElementError, steps, SETS_PER_STEP, seconds);
        assertTrue(deepSetsError < 0.01, "DeepSets test error " + deepSetsError);
        assertTrue(perElementError > 0.5, "a model that sees one element at a time got error " + perElementError);
    }

    /** rho(phi(x)) for each element on its own. */
    private static final class PerElement extends Module {
        private final MLP phi;
        private final MLP rho;

        PerElement(MLP phi, MLP rho) {
            this.phi = child("phi", phi);
            this.rho = child("rho", rho);
        }

        Tensor forward(Tensor x) {
            return rho.forward(phi.forward(x));
        }
    }

    @Test
    void outputDoesNotDependOnTheOrderOfEachSet() {
        Segments sets = Segments.ofSizes(new int[] {4, 1, 7, 3, 0, 5});
        for (GlobalPool pool : GlobalPool.values()) {
            Equivariance.assertInvariant(SetPermutations.withinSets(), dtype -> {
                DeepSets model = new DeepSets(MLP.builder(3, 8, 6).dtype(dtype).seed(6).build(),
                        MLP.builder(6, 8, 2).dtype(dtype).seed(7).build(), pool);
                INDArray x = GradCheck.uniform(new Random(5), -1, 1, 20, 3).castTo(dtype);
                return Case.of(new SetBatch(x, sets), s -> model.forward(Tensor.constant(s.elements()), s.sets()))
                        .named("DeepSets with " + pool);
            });
        }
    }

    @Test
    void gradientsOfParametersAndInputMatchFiniteDifferences() {
        Segments sets = Segments.ofSizes(new int[] {3, 1, 2});
        DeepSets model = new DeepSets(MLP.builder(2, 4, 3).dtype(DataType.DOUBLE).seed(8).build(),
                MLP.builder(3, 4, 2).dtype(DataType.DOUBLE).seed(9).build(), GlobalPool.MEAN);
        for (Tensor p : model.parameters()) {
            p.data().addi(GradCheck.uniform(new Random(10), 0.05, 0.2, p.shape())); // biases off zero, ReLUs on
        }
        INDArray x = GradCheck.uniform(new Random(11), -1, 1, 6, 2);
        GradCheck.checkParameters(model, () -> model.forward(Tensor.constant(x), sets));
        GradCheck.check(in -> model.forward(in.get(0), sets), x);
    }

    @Test
    void aBatchOfGraphsIsABatchOfSetsOfTheirNodes() {
        GraphBatch batch = Batches.random(new int[] {3, 5, 1}, 4, 12, DataType.DOUBLE);
        DeepSets model = new DeepSets(MLP.builder(4, 6).dtype(DataType.DOUBLE).seed(13).build(),
                MLP.builder(6, 2).dtype(DataType.DOUBLE).seed(14).build(), GlobalPool.SUM);
        INDArray x = batch.graph().nodeFeatures();
        INDArray viaBatch = model.forward(batch, Tensor.constant(x)).data();
        INDArray viaSegments = model.forward(Tensor.constant(x), Segments.ofSizes(new int[] {3, 5, 1})).data();
        assertTrue(viaSegments.equalsWithEps(viaBatch, 0), "edges play no part");
        assertEquals(List.of(3L, 2L), List.of(viaBatch.size(0), viaBatch.size(1)));
    }

    @Test
    void refusesInputThatDoesNotCoverTheSets() {
        DeepSets model = new DeepSets(MLP.builder(2, 3).seed(1).build(), MLP.builder(3, 1).seed(2).build(),
                GlobalPool.SUM);
        var e = assertThrows(IllegalArgumentException.class, () -> model.forward(
                Tensor.constant(Nd4j.zeros(DataType.FLOAT, 5, 2)), Segments.ofSizes(new int[] {2, 2})));
        assertTrue(e.getMessage().contains("4 elements"), e.getMessage());
    }
}
