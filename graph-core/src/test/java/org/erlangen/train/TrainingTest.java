package org.erlangen.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.erlangen.nn.Activation;
import org.erlangen.nn.Linear;
import org.erlangen.nn.MLP;
import org.erlangen.kernels.Concurrency;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Sparse;
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

    @Test
    void trainerStopsEarlyAndRestoresBestState() {
        Linear model = new Linear(2, 1, true, new Random(0));
        // the "validation accuracy" peaks at epoch 3; each epoch writes its number into the weights
        double[] acc = {0.5, 0.6, 0.6, 0.9, 0.8, 0.85, 0.9, 0.7, 0.95};
        List<String> events = new ArrayList<>();
        Tensor p = Tensor.parameter(Nd4j.ones(1));
        SGD sgd = new SGD(List.of(p), 1.0);
        Trainer trainer = Trainer.builder().maxEpochs(50).patience(3).monitor("val_acc", true).module(model)
                .scheduler(new LrScheduler(sgd, LrSchedule.stepDecay(1.0, 1, 0.5)))
                .listener((epoch, loss, metrics) -> events.add(epoch + ":" + loss + ":" + metrics.get("val_acc")))
                .build();
        Trainer.Result result = trainer.fit(epoch -> {
            assertTrue(model.isTraining());
            model.weight().data().assign(epoch);
            return 10.0 - epoch;
        }, epoch -> {
            assertFalse(model.isTraining());
            return Map.of("val_acc", acc[epoch]);
        });
        assertEquals(3, result.bestEpoch());
        assertEquals(0.9, result.bestValue());
        assertTrue(result.stoppedEarly());
        assertEquals(7, result.epochsRun(), "epochs 4, 5, 6 do not beat 0.9 (a tie is no improvement)");
        assertEquals(3.0, model.weight().data().getDouble(0, 0), "weights restored from epoch 3");
        assertEquals(List.of("0:10.0:0.5", "1:9.0:0.6", "2:8.0:0.6", "3:7.0:0.9", "4:6.0:0.8", "5:5.0:0.85",
                "6:4.0:0.9"), events);
        assertEquals(Math.pow(0.5, 7), sgd.learningRate(), 1e-15, "scheduler stepped once per epoch");
        assertEquals(0.85, result.history().get(5).metrics().get("val_acc"));
    }

    @Test
    void trainerMonitorsLossWithoutEvaluationAndReportsMissingMetric() {
        Linear model = new Linear(2, 1, false, new Random(0));
        double[] losses = {3, 2, 2.5, 1, 1.5};
        Trainer.Result r = Trainer.builder().maxEpochs(5).module(model).build().fit(epoch -> {
            model.weight().data().assign(epoch);
            return losses[epoch];
        });
        assertEquals(3, r.bestEpoch());
        assertFalse(r.stoppedEarly());
        assertEquals(5, r.epochsRun());
        assertEquals(3.0, model.weight().data().getDouble(1, 0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trainer.builder()
                .monitor("val_f1", true).build().fit(epoch -> 1.0, epoch -> Map.of("val_acc", 0.5)));
        assertTrue(e.getMessage().contains("val_f1") && e.getMessage().contains("val_acc"), e.getMessage());
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
