package org.erlangen.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.erlangen.kernels.Background;
import org.erlangen.kernels.Concurrency;
import org.erlangen.kernels.Termination;
import org.erlangen.nn.Activation;
import org.erlangen.nn.Init;
import org.erlangen.nn.Linear;
import org.erlangen.nn.MLP;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Reductions;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** End-to-end: models learn small problems, the trainer stops early and restores, and runs repeat exactly. */
class TrainingTest {
    @Test
    void mlpLearnsXor() {
        Tensor x = Tensor.constant(Nd4j.createFromArray(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}));
        int[] y = {0, 1, 1, 0};
        MLP mlp = MLP.builder(2, 16, 2).activation(Activation.TANH).seed(1).build();
        Adam adam = new Adam(mlp.parameters(), 0.05);
        double loss = Double.NaN;
        for (int step = 0; step < 300; step++) {
            adam.zeroGrad();
            Tensor l = Losses.crossEntropy(mlp.forward(x), y);
            l.backward();
            adam.step();
            loss = l.item();
        }
        assertTrue(loss < 0.01, "final XOR loss " + loss);
        mlp.eval();
        assertEquals(1.0, Metrics.accuracy(mlp.forward(x).data(), y, null));
    }

    @Test
    void sgdWithMomentumFitsLinearRegression() {
        Random rng = new Random(3);
        int n = 200;
        double[][] xs = new double[n][3];
        double[] ys = new double[n];
        double[] trueW = {1.5, -2.0, 0.5};
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                xs[i][j] = rng.nextGaussian();
                ys[i] += trueW[j] * xs[i][j];
            }
            ys[i] += 0.7;
        }
        Tensor x = Tensor.constant(Nd4j.createFromArray(xs).castTo(DataType.FLOAT));
        Tensor target = Tensor.constant(Nd4j.createFromArray(ys).castTo(DataType.FLOAT).reshape(n, 1));
        Linear lin = new Linear(3, 1, true, new Random(2));
        SGD sgd = new SGD(lin.parameters(), 0.05, 0.9, 0, 0, true);
        double loss = Double.NaN;
        for (int step = 0; step < 200; step++) {
            sgd.zeroGrad();
            Tensor l = Losses.mse(lin.forward(x), target);
            l.backward();
            sgd.step();
            loss = l.item();
        }
        assertTrue(loss < 1e-6, "final regression loss " + loss);
        for (int j = 0; j < 3; j++) {
            assertEquals(trueW[j], lin.weight().data().getDouble(j, 0), 1e-3);
        }
        assertEquals(0.7, lin.bias().data().getDouble(0), 1e-3);
    }

    /**
     * A model whose "training" writes the epoch into its weights and whose validation reads prepared numbers; its
     * loss is a constant plus zero times the weights, so Adam leaves the weights as the epoch set them.
     */
    private static class Scripted implements Objective<Integer> {
        final Linear model = new Linear(2, 1, true, new Random(0));
        final double[] losses;
        final double[] accuracy;
        final double[] validationLoss;
        final List<String> events = new ArrayList<>();

        Scripted(double[] losses, double[] accuracy, double[] validationLoss) {
            this.losses = losses;
            this.accuracy = accuracy;
            this.validationLoss = validationLoss;
        }

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
        public Tensor loss(Integer epoch) {
            assertTrue(model.isTraining());
            model.weight().data().assign(epoch);
            Tensor zero = Ops.mul(Reductions.sum(model.weight()), 0.0);
            return Ops.add(zero, losses[(epoch - 1) % losses.length]);
        }

        @Override
        public Map<String, Double> validate() {
            assertFalse(model.isTraining());
            int epoch = (int) model.weight().data().getDouble(0, 0);
            if (accuracy == null) {
                return Map.of();
            }
            Map<String, Double> m = new java.util.LinkedHashMap<>();
            m.put("val_acc", accuracy[epoch - 1]);
            if (validationLoss != null) {
                m.put(VALIDATION_LOSS, validationLoss[epoch - 1]);
            }
            return m;
        }

        @Override
        public Monitor monitor() {
            return new Monitor("val_acc", true);
        }
    }

    /** Three batches an epoch from an iterator that records being closed; the loss of batch {@code failAt} throws. */
    private static final class ClosingBatches implements Objective<Integer> {
        final Linear model = new Linear(2, 1, true, new Random(0));
        final int failAt;
        int closed;

        ClosingBatches(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public Linear module() {
            return model;
        }

        @Override
        public int batchesPerEpoch() {
            return 3;
        }

        @Override
        public Iterable<Integer> batches(int epoch) {
            return () -> new CloseableIterator();
        }

        private final class CloseableIterator implements Iterator<Integer>, AutoCloseable {
            private int next;

            @Override
            public boolean hasNext() {
                return next < 3;
            }

            @Override
            public Integer next() {
                return next++;
            }

            @Override
            public void close() {
                closed++;
            }
        }

        @Override
        public Tensor loss(Integer batch) {
            if (batch == failAt) {
                throw new IllegalStateException("batch " + batch + " failed");
            }
            return Reductions.sum(Ops.mul(model.weight(), model.weight()));
        }
    }

    @Test
    void anEpochsBatchesAreClosedWhenItEndsAndWhenAStepFails() {
        var fine = new ClosingBatches(-1);
        List<String> steps = new ArrayList<>();
        new Trainer(TrainingSettings.builder().epochs(2).build()).listener(new TrainingListener() {
            @Override
            public void epoch(Epoch record) {
                steps.add("epoch " + record.epoch());
            }

            @Override
            public void batch(int epoch, int batch, int batches, double loss) {
                steps.add(epoch + ":" + batch + "/" + batches);
            }
        }).fit(fine);
        assertEquals(2, fine.closed);
        assertEquals(List.of("1:1/3", "1:2/3", "1:3/3", "epoch 1", "2:1/3", "2:2/3", "2:3/3", "epoch 2"), steps);

        var failing = new ClosingBatches(1);
        var e = assertThrows(IllegalStateException.class,
                () -> new Trainer(TrainingSettings.builder().epochs(2).build()).fit(failing));
        assertEquals("batch 1 failed", e.getMessage());
        assertEquals(1, failing.closed, "the failed epoch's batches were not closed");
    }

    /** Two batches an epoch from an iterator that keeps {@code busy} threads of its own at work; records levels. */
    private static final class BackgroundBatches implements Objective<Integer> {
        final Linear model = new Linear(2, 1, true, new Random(0));
        final int busy;
        final List<Integer> stepLevels = new ArrayList<>();
        final List<Integer> validationLevels = new ArrayList<>();

        BackgroundBatches(int busy) {
            this.busy = busy;
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
            return () -> new Worked();
        }

        private final class Worked implements Iterator<Integer>, Background {
            private int next;

            @Override
            public boolean hasNext() {
                return next < 2;
            }

            @Override
            public Integer next() {
                return next++;
            }

            @Override
            public int backgroundThreads() {
                return busy;
            }
        }

        @Override
        public Tensor loss(Integer batch) {
            stepLevels.add(Concurrency.level());
            return Reductions.sum(Ops.mul(model.weight(), model.weight()));
        }

        @Override
        public Map<String, Double> validate() {
            validationLevels.add(Concurrency.level());
            return Map.of();
        }
    }

    @Test
    void stepsLeaveTheThreadsOfBatchesMadeAheadToThem() {
        try (var level = Concurrency.scope(3)) {
            var one = new BackgroundBatches(1);
            new Trainer(TrainingSettings.builder().epochs(2).build()).fit(one);
            assertEquals(List.of(2, 2, 2, 2), one.stepLevels, "one thread fewer for the steps");
            assertEquals(List.of(3, 3), one.validationLevels, "validation has every thread again");

            var many = new BackgroundBatches(5);
            new Trainer(TrainingSettings.builder().epochs(1).build()).fit(many);
            assertEquals(List.of(1, 1), many.stepLevels, "never fewer than one");

            var none = new BackgroundBatches(0);
            new Trainer(TrainingSettings.builder().epochs(1).build()).fit(none);
            assertEquals(List.of(3, 3), none.stepLevels);
            assertEquals(3, Concurrency.level(), "the caller's level is back after training");
        }
    }

    @Test
    void trainerStopsEarlyAndRestoresBestState() {
        // the validation accuracy peaks at epoch 4; each epoch writes its number into the weights
        double[] acc = {0.5, 0.6, 0.6, 0.9, 0.8, 0.85, 0.9, 0.7, 0.95};
        Scripted task = new Scripted(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2}, acc, null);
        TrainingSettings settings = TrainingSettings.builder().epochs(50).patience(3)
                .schedule(LrSchedule.stepDecay(1.0, 1, 0.5)).build();
        Trainer.Result result = new Trainer(settings)
                .listener(e -> task.events.add(e.epoch() + ":" + e.loss() + ":" + e.metric("val_acc")))
                .fit(task);
        assertEquals(4, result.bestEpoch());
        assertEquals(0.9, result.bestValue());
        assertEquals(4, result.keptEpoch());
        assertTrue(result.stoppedEarly());
        assertEquals(7, result.epochsRun(), "epochs 5, 6, 7 do not beat 0.9 (a tie is no improvement)");
        assertEquals(4.0, task.model.weight().data().getDouble(0, 0), "weights restored from epoch 4");
        assertFalse(task.model.isTraining(), "the model ends in evaluation mode");
        assertEquals(List.of("1:10.0:0.5", "2:9.0:0.6", "3:8.0:0.6", "4:7.0:0.9", "5:6.0:0.8", "6:5.0:0.85",
                "7:4.0:0.9"), task.events);
        assertEquals(Math.pow(0.5, 6), result.history().get(6).learningRate(), 1e-15,
                "the step decay halves the rate every epoch");
        assertEquals(0.85, result.history().get(5).metrics().get("val_acc"));
        assertTrue(result.history().get(3).best() && !result.history().get(6).best());
    }

    /**
     * A linear regression whose validation rows ride along in every forward: validated ahead, from the next step's
     * forward, it runs as when validated after each epoch, with one forward per epoch instead of two.
     */
    private static final class AlongsideValidation implements Objective<Integer> {
        final Linear model = new Linear(3, 1, true, Init.Scheme.GLOROT_UNIFORM, new Random(4),
                DataType.DOUBLE);
        final boolean ahead;
        final Tensor x;
        final Tensor trainTargets;
        final double[] validationTargets;
        int forwards;
        Tensor last;

        AlongsideValidation(boolean ahead) {
            this.ahead = ahead;
            Random random = new Random(9);
            double[][] rows = new double[30][3];
            double[] train = new double[20];
            validationTargets = new double[10];
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < 3; j++) {
                    rows[i][j] = random.nextGaussian();
                }
                // the validation rows follow another rule: their error falls, then rises as training fits its own
                if (i < 20) {
                    train[i] = 2 * rows[i][0] - rows[i][1] + 0.5 + 0.1 * random.nextGaussian();
                } else {
                    validationTargets[i - 20] = 2 * rows[i][0] + rows[i][1] + 0.5;
                }
            }
            x = Tensor.constant(Nd4j.createFromArray(rows));
            trainTargets = Tensor.constant(Nd4j.createFromArray(train).reshape(20, 1));
        }

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
        public Tensor loss(Integer epoch) {
            forwards++;
            last = model.forward(x);
            return Losses.mse(Shapes.slice(last, 0, 0, 20), trainTargets);
        }

        @Override
        public Map<String, Double> validate() {
            forwards++;
            return error(model.forward(x));
        }

        @Override
        public boolean validatesAhead() {
            return ahead;
        }

        @Override
        public Map<String, Double> validateAhead() {
            return error(last);
        }

        private Map<String, Double> error(Tensor prediction) {
            double sum = 0;
            for (int i = 0; i < validationTargets.length; i++) {
                double d = prediction.data().getDouble(20 + i, 0) - validationTargets[i];
                sum += d * d;
            }
            return Map.of("val_mse", sum / validationTargets.length);
        }

        @Override
        public Monitor monitor() {
            return new Monitor("val_mse", false);
        }
    }

    @Test
    void validatingAheadRunsAsValidatingAfterEachEpochWithOneForwardAnEpoch() {
        for (int patience : new int[] {0, 3}) {
            TrainingSettings settings = TrainingSettings.builder().epochs(60).learningRate(0.1).patience(patience)
                    .build();
            var after = new AlongsideValidation(false);
            var ahead = new AlongsideValidation(true);
            List<String> heardAfter = new ArrayList<>();
            List<String> heardAhead = new ArrayList<>();
            Trainer.Result a = new Trainer(settings).listener(e -> heardAfter.add(e.epoch() + ":" + e.loss() + ":"
                    + e.metric("val_mse") + ":" + e.best())).fit(after);
            Trainer.Result b = new Trainer(settings).listener(e -> heardAhead.add(e.epoch() + ":" + e.loss() + ":"
                    + e.metric("val_mse") + ":" + e.best())).fit(ahead);
            String what = "patience " + patience;
            assertEquals(heardAfter, heardAhead, what);
            assertEquals(a.bestEpoch(), b.bestEpoch(), what);
            assertEquals(a.bestValue(), b.bestValue(), what);
            assertEquals(a.keptEpoch(), b.keptEpoch(), what);
            assertEquals(a.stoppedEarly(), b.stoppedEarly(), what);
            assertEquals(a.epochsRun(), b.epochsRun(), what);
            assertEquals(after.model.weight().data(), ahead.model.weight().data(), what + ": the kept weights");
            assertEquals(after.model.bias().data(), ahead.model.bias().data(), what + ": the kept bias");
            assertTrue(a.bestEpoch() > 1 && a.bestEpoch() < a.epochsRun(), what + ": the error rises after epoch "
                    + a.bestEpoch() + " of " + a.epochsRun());
            assertEquals(patience > 0, a.stoppedEarly(), what);
            assertEquals(2 * a.epochsRun(), after.forwards, what);
            // a run stopped early ran the forward of the step that validated its last epoch; one run to the end
            // validated its last epoch with a forward of its own
            assertEquals(a.epochsRun() + 1, ahead.forwards, what);
        }
    }

    @Test
    void tiesKeepTheEarlierEpochUnlessBrokenByTheValidationLoss() {
        double[] acc = {0.5, 0.9, 0.9, 0.9};
        double[] valLoss = {2.0, 1.0, 0.5, 0.7};
        TrainingSettings settings = TrainingSettings.builder().epochs(4).build();
        Trainer.Result firstKept = new Trainer(settings).fit(new Scripted(new double[] {1}, acc, valLoss));
        assertEquals(2, firstKept.bestEpoch());
        Trainer.Result tieBroken = new Trainer(settings.toBuilder().tieBreak(true).build())
                .fit(new Scripted(new double[] {1}, acc, valLoss));
        assertEquals(3, tieBroken.bestEpoch());
    }

    @Test
    void withoutValidationTheLastEpochIsKeptAndPatienceNeverStops() {
        Scripted task = new Scripted(new double[] {3, 2, 2.5, 1, 1.5}, null, null);
        Trainer.Result r = new Trainer(TrainingSettings.builder().epochs(5).patience(1).build()).fit(task);
        assertEquals(0, r.bestEpoch());
        assertTrue(Double.isNaN(r.bestValue()));
        assertEquals(5, r.keptEpoch());
        assertFalse(r.stoppedEarly());
        assertEquals(5, r.epochsRun());
        assertEquals(5.0, task.model.weight().data().getDouble(1, 0));
        assertEquals(1.5, r.history().get(4).loss());
    }

    @Test
    void keepBestOffKeepsTheLastEpoch() {
        double[] acc = {0.5, 0.9, 0.6};
        Scripted task = new Scripted(new double[] {1}, acc, null);
        Trainer.Result r = new Trainer(TrainingSettings.builder().epochs(3).keepBest(false).build()).fit(task);
        assertEquals(2, r.bestEpoch());
        assertEquals(3, r.keptEpoch());
        assertEquals(3.0, task.model.weight().data().getDouble(0, 0));
    }

    @Test
    void aMissingMonitoredMetricIsNamed() {
        Scripted task = new Scripted(new double[] {1}, new double[] {0.5}, null) {
            @Override
            public Monitor monitor() {
                return new Monitor("val_f1", true);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Trainer(TrainingSettings.builder().epochs(1).build()).fit(task));
        assertTrue(e.getMessage().contains("val_f1") && e.getMessage().contains("val_acc"), e.getMessage());
    }

    @Test
    void theTerminationCheckStopsTrainingBeforeTheNextStep() {
        Scripted task = new Scripted(new double[] {1}, null, null);
        boolean[] terminated = {false};
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Trainer(
                TrainingSettings.builder().epochs(10).build()).listener(epoch -> {
                    terminated[0] = epoch.epoch() == 2; // terminated once epoch 2 has been validated
                }).terminationCheck(() -> {
                    if (terminated[0]) {
                        throw new IllegalStateException("terminated");
                    }
                }).fit(task));
        assertEquals("terminated", e.getMessage());
        assertEquals(2.0, task.model.weight().data().getDouble(0, 0),
                "a check before each step: epochs 1 and 2 ran, epoch 3 never trained");
    }

    /** The check also runs inside a step, as the thread's {@link Termination} check, and only during the fit. */
    @Test
    void theTerminationCheckRunsInsideAStep() {
        boolean[] inLoss = {false};
        int[] insideChecks = {0};
        Scripted task = new Scripted(new double[] {1}, null, null) {
            @Override
            public Tensor loss(Integer epoch) {
                inLoss[0] = true;
                Termination.check(); // as a layer of a model does between its layers
                inLoss[0] = false;
                return super.loss(epoch);
            }
        };
        new Trainer(TrainingSettings.builder().epochs(3).build()).terminationCheck(() -> {
            if (inLoss[0]) {
                insideChecks[0]++;
            }
        }).fit(task);
        assertEquals(3, insideChecks[0], "one check inside each of the three steps");
        inLoss[0] = true;
        Termination.check();
        assertEquals(3, insideChecks[0], "the trainer's check is gone once fit returns");
    }

    @Test
    void aTimeBudgetCompressesTheScheduleAndEndsTheRun() {
        AtomicLong now = new AtomicLong(1_000);
        List<Double> rates = new ArrayList<>();
        Scripted task = new Scripted(new double[] {1}, null, null) {
            @Override
            public Tensor loss(Integer epoch) {
                now.addAndGet(2_500_000_000L); // every step takes 2.5 of the budget's 10 seconds
                return super.loss(epoch);
            }
        };
        TrainingSettings settings = TrainingSettings.builder().epochs(1_000)
                .schedule(LrSchedule.warmupCosine(1.0, 0.0)).budgetSeconds(10).build();
        Trainer.Result r = new Trainer(settings).clock(now::get).listener(e -> rates.add(e.learningRate()))
                .fit(task);
        assertTrue(r.outOfTime());
        assertEquals(4, r.epochsRun(), "four steps of 2.5 s fill the 10 s");
        assertEquals(1.0, rates.get(0), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 0.25)), rates.get(1), 1e-12, "a quarter of the time spent");
        assertEquals(0.0, 0.5 * (1 + Math.cos(Math.PI * 0.75)) - rates.get(3), 1e-12);
    }

    /** A small graph model with dropout: message passing, MLP, cross-entropy; returns the loss of every epoch. */
    private static double[] run(long seed) {
        Random rng = new Random(seed);
        int n = 60;
        int[] senders = new int[240];
        int[] receivers = new int[240];
        for (int k = 0; k < senders.length; k++) {
            senders[k] = rng.nextInt(n);
            receivers[k] = rng.nextInt(n);
        }
        Csr adjacency = Csr.fromCoo(receivers, senders, n, n).csr();
        float[][] feats = new float[n][5];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 5; j++) {
                feats[i][j] = (float) rng.nextGaussian();
            }
            labels[i] = feats[i][0] > 0 ? 1 : (feats[i][1] > 0 ? 2 : 0);
        }
        Tensor x = Tensor.constant(Nd4j.createFromArray(feats));
        MLP mlp = MLP.builder(5, 16, 3).dropout(0.5).norm(MLP.Norm.LAYER).seed(seed).build();
        AdamW opt = new AdamW(mlp.parameters(), 0.01);
        double[] losses = new double[15];
        for (int epoch = 0; epoch < losses.length; epoch++) {
            opt.zeroGrad();
            Tensor h = Sparse.spmm(adjacency, null, x).add(x);
            Tensor l = Losses.crossEntropy(mlp.forward(h), labels);
            l.backward();
            GradClip.byGlobalNorm(mlp.parameters(), 1.0);
            opt.step();
            losses[epoch] = l.item();
        }
        return losses;
    }

    @Test
    void sameSeedGivesIdenticalLosses() {
        double[] first;
        double[] second;
        double[] other;
        try (Concurrency.Scope ignored = Concurrency.scope(1)) {
            first = run(21);
            second = run(21);
            other = run(22);
        }
        assertArrayEquals(first, second);
        assertFalse(java.util.Arrays.equals(first, other));
        assertTrue(first[first.length - 1] < first[0], "the loss goes down: " + java.util.Arrays.toString(first));
    }
}
