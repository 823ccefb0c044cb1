package org.erlangen.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.erlangen.nn.Linear;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Reductions;
import org.erlangen.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** A run that diverges stops with one message naming where, the loss, and the likely causes. */
class DivergenceTest {
    /** Two batches per epoch whose losses are scripted, in order; the weights are left alone. */
    private static class Scripted implements Objective<Integer> {
        final Linear model = new Linear(2, 1, true, new Random(0));
        final double[] losses;
        final List<Integer> seen = new ArrayList<>();

        Scripted(double... losses) {
            this.losses = losses;
        }

        @Override
        public Linear module() {
            return model;
        }

        @Override
        public int batchesPerEpoch() {
            return 2;
        }

        @Override
        public Iterable<Integer> batches(int epoch) {
            return List.of(2 * epoch - 2, 2 * epoch - 1);
        }

        @Override
        public Tensor loss(Integer step) {
            seen.add(step);
            // a tensor, not Ops.add(t, NaN): ND4J's scalar add turns a NaN argument into 1e-5
            Tensor zero = Ops.mul(Reductions.sum(model.weight()), 0.0);
            return Ops.add(zero, Tensor.constant(Nd4j.valueArrayOf(zero.shape(), losses[step], DataType.FLOAT)));
        }

        @Override
        public String inputs() {
            return "feature scaling off";
        }
    }

    private static TrainingSettings epochs(int n, double lr) {
        return TrainingSettings.builder().epochs(n).learningRate(lr).build();
    }

    @Test
    void aLossThatIsNotANumberStopsTrainingAtItsStepBeforeTheUpdate() {
        var task = new Scripted(0.7, 0.6, 0.5, Double.NaN, 0.4, 0.3);
        var e = assertThrows(TrainingDivergedException.class, () -> new Trainer(epochs(3, 0.01)).fit(task));
        assertEquals(List.of(0, 1, 2, 3), task.seen, "nothing after the NaN");
        assertEquals(2, e.epoch());
        assertEquals(4, e.step());
        assertTrue(Double.isNaN(e.loss()));
        for (String part : new String[] {"training diverged at epoch 2 (step 4): the loss is NaN",
                "first loss of 0.700000", "feature scaling off", "learning rate too high", "0.01 at this step"}) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    @Test
    void anInfiniteLossStopsAndSoDoesOneAMillionTimesTheFirst() {
        var infinite = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(epochs(2, 0.01)).fit(new Scripted(0.7, Double.POSITIVE_INFINITY, 1, 1)));
        assertTrue(infinite.getMessage().contains("the loss is Infinity"), infinite.getMessage());
        assertEquals(1, infinite.epoch());

        // a million times the first loss (or 1, when the first is below it) is the line
        new Trainer(epochs(2, 0.01)).fit(new Scripted(0.5, 9e5, 9.9e5, 0.1));
        var exploded = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(epochs(2, 0.01)).fit(new Scripted(2, 3, 100, 2.1e6)));
        assertEquals(2, exploded.epoch());
        assertTrue(exploded.getMessage().contains("the loss is 2.10000e+06, more than 1e+06 times its first value"),
                exploded.getMessage());
    }

    @Test
    void learningRate1e30OnALinearRegressionStopsNamingTheRate() {
        // the issue's --lr 1e30: weights of 1e30 overflow the float forward pass at the second step
        Random random = new Random(1);
        float[][] xs = new float[50][3];
        float[] ys = new float[50];
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < 3; j++) {
                xs[i][j] = (float) random.nextGaussian();
                ys[i] += (j + 1) * xs[i][j];
            }
        }
        Tensor x = Tensor.constant(Nd4j.createFromArray(xs));
        Tensor y = Tensor.constant(Nd4j.createFromArray(ys).reshape(50, 1));
        Linear model = new Linear(3, 1, true, new Random(2));
        Objective<Integer> task = new Objective<>() {
            @Override
            public Linear module() {
                return model;
            }

            @Override
            public int batchesPerEpoch() {
                return 1;
            }

            @Override
            public Iterable<Integer> batches(int epoch) {
                return List.of(epoch);
            }

            @Override
            public Tensor loss(Integer batch) {
                return Losses.mse(model.forward(x), y);
            }
        };
        var e = assertThrows(TrainingDivergedException.class, () -> new Trainer(epochs(20, 1e30)).fit(task));
        assertTrue(e.epoch() <= 3, e.getMessage());
        assertEquals(1e30, e.learningRate());
        assertTrue(e.getMessage().contains("1.00e+30 at this step"), e.getMessage());
        assertTrue(e.getMessage().contains("the task did not say whether it scales them"), e.getMessage());
    }

    @Test
    void aParameterThatIsNotFiniteAfterTheLastStepOfAnEpochStopsTraining() {
        // the loss of the last step was fine, but the step left a NaN weight that no later loss would show
        var task = new Scripted(0.7, 0.6) {
            @Override
            public Tensor loss(Integer step) {
                if (step == 1) {
                    model.bias().data().putScalar(0, Float.NaN);
                }
                return super.loss(step);
            }
        };
        var e = assertThrows(TrainingDivergedException.class, () -> new Trainer(epochs(1, 0.01)).fit(task));
        assertTrue(e.getMessage().contains("parameter 'bias' holds NaN at index 0 (1 of 1 values not finite)"),
                e.getMessage());
    }

    @Test
    void theObjectivesWarningsReachTheResult() {
        var warning = new TrainingWarning("constant_predictions", "all one class");
        var task = new Scripted(0.7, 0.6, 0.5, 0.4) {
            @Override
            public List<TrainingWarning> warnings() {
                return List.of(warning);
            }
        };
        assertEquals(List.of(warning), new Trainer(epochs(2, 0.01)).fit(task).warnings());
        assertEquals(List.of(), new Trainer(epochs(2, 0.01)).fit(new Scripted(0.7, 0.6, 0.5, 0.4)).warnings());
    }
}
