package org.erlangen.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each optimizer against PyTorch's update formulas written out in plain Java, on the loss
 * {@code sum(c * p^2) + sum(d * p)} whose gradient {@code 2 c p + d} changes every step.
 */
class OptimizerTest {
    private static final double[] START = {0.5, -1.2, 2.0, 0.03};
    private static final double[] C = {1.0, 0.3, 2.5, 0.7};
    private static final double[] D = {0.2, -0.5, 0.1, 1.0};

    private static double[] gradient(double[] p) {
        double[] g = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            g[i] = 2 * C[i] * p[i] + D[i];
        }
        return g;
    }

    private static Tensor loss(Tensor p) {
        Tensor c = Tensor.constant(Nd4j.createFromArray(C).castTo(p.dtype()));
        Tensor d = Tensor.constant(Nd4j.createFromArray(D).castTo(p.dtype()));
        return Ops.add(Ops.mul(c, Ops.mul(p, p)), Ops.mul(d, p)).sum();
    }

    /** Runs {@code steps} optimizer steps and compares with the reference after each. */
    private static void compare(Function<List<Tensor>, Optimizer> make, RefStep ref, int steps, DataType dtype,
            double tol) {
        Tensor p = Tensor.parameter(Nd4j.createFromArray(START).castTo(dtype));
        Optimizer opt = make.apply(List.of(p));
        double[] expected = START.clone();
        double[][] state = new double[3][START.length];
        for (int t = 1; t <= steps; t++) {
            opt.zeroGrad();
            loss(p).backward();
            opt.step();
            ref.step(expected, gradient(expected), state, t);
            for (int i = 0; i < START.length; i++) {
                assertEquals(expected[i], p.data().getDouble(i), tol, "step " + t + " element " + i);
            }
        }
    }

    @FunctionalInterface
    private interface RefStep {
        void step(double[] p, double[] g, double[][] state, int t);
    }

    private static RefStep adamReference(double lr, double b1, double b2, double eps, double wd, boolean decoupled) {
        return (p, g, s, t) -> {
            for (int i = 0; i < p.length; i++) {
                double gi = g[i];
                if (decoupled) {
                    p[i] *= 1 - lr * wd;
                } else {
                    gi += wd * p[i];
                }
                s[0][i] = b1 * s[0][i] + (1 - b1) * gi;
                s[1][i] = b2 * s[1][i] + (1 - b2) * gi * gi;
                double mhat = s[0][i] / (1 - Math.pow(b1, t));
                double vhat = s[1][i] / (1 - Math.pow(b2, t));
                p[i] -= lr * mhat / (Math.sqrt(vhat) + eps);
            }
        };
    }

    private static RefStep sgdReference(double lr, double mu, double damp, double wd, boolean nesterov) {
        return (p, g, s, t) -> {
            for (int i = 0; i < p.length; i++) {
                double d = g[i] + wd * p[i];
                if (mu != 0) {
                    s[0][i] = t == 1 ? d : mu * s[0][i] + (1 - damp) * d;
                    d = nesterov ? d + mu * s[0][i] : s[0][i];
                }
                p[i] -= lr * d;
            }
        };
    }

    @Test
    void adamMatchesPyTorchFormula() {
        compare(ps -> new Adam(ps, 0.1), adamReference(0.1, 0.9, 0.999, 1e-8, 0, false), 5, DataType.DOUBLE,
                1e-13);
        // a large eps makes "eps before / after the bias correction" visibly different
        compare(ps -> new Adam(ps, 0.05, 0.8, 0.95, 0.1, 0.3), adamReference(0.05, 0.8, 0.95, 0.1, 0.3, false), 6,
                DataType.DOUBLE, 1e-13);
        compare(ps -> new Adam(ps, 0.1), adamReference(0.1, 0.9, 0.999, 1e-8, 0, false), 5, DataType.FLOAT, 2e-6);
    }

    @Test
    void adamFirstStepMovesEachParameterByTheLearningRate() {
        // with m and v bias-corrected, the first step is lr * g / (|g| + eps) = lr * sign(g)
        Tensor p = Tensor.parameter(Nd4j.createFromArray(START));
        Adam adam = new Adam(List.of(p), 0.01);
        loss(p).backward();
        adam.step();
        double[] g = gradient(START);
        for (int i = 0; i < START.length; i++) {
            assertEquals(START[i] - 0.01 * Math.signum(g[i]), p.data().getDouble(i), 1e-9);
        }
    }

    @Test
    void adamWDecouplesWeightDecay() {
        compare(ps -> new AdamW(ps, 0.1, 0.9, 0.999, 1e-8, 0.2), adamReference(0.1, 0.9, 0.999, 1e-8, 0.2, true),
                5, DataType.DOUBLE, 1e-13);
        compare(ps -> new AdamW(ps, 0.01), adamReference(0.01, 0.9, 0.999, 1e-8, 0.01, true), 3,
                DataType.DOUBLE, 1e-13);
    }

    @Test
    void sgdVariantsMatchPyTorchFormula() {
        compare(ps -> new SGD(ps, 0.1), sgdReference(0.1, 0, 0, 0, false), 4, DataType.DOUBLE, 1e-14);
        compare(ps -> new SGD(ps, 0.1, 0.9, 0, 0.01, false), sgdReference(0.1, 0.9, 0, 0.01, false), 5,
                DataType.DOUBLE, 1e-14);
        compare(ps -> new SGD(ps, 0.05, 0.8, 0.3, 0, false), sgdReference(0.05, 0.8, 0.3, 0, false), 5,
                DataType.DOUBLE, 1e-14);
        compare(ps -> new SGD(ps, 0.1, 0.9, 0, 0.05, true), sgdReference(0.1, 0.9, 0, 0.05, true), 5,
                DataType.DOUBLE, 1e-14);
        assertThrows(IllegalArgumentException.class,
                () -> new SGD(List.of(Tensor.parameter(Nd4j.ones(2))), 0.1, 0, 0, 0, true));
    }

    @Test
    void parametersWithoutGradientAreSkippedAndKeepTheirStepCount() {
        Tensor a = Tensor.parameter(Nd4j.createFromArray(1.0, 2.0));
        Tensor b = Tensor.parameter(Nd4j.createFromArray(3.0));
        Adam adam = new Adam(List.of(a, b), 0.1);
        double[] ref = {3.0};
        double[][] state = new double[3][1];
        RefStep reference = adamReference(0.1, 0.9, 0.999, 1e-8, 0, false);
        int bSteps = 0;
        for (int step = 0; step < 4; step++) {
            adam.zeroGrad();
            boolean useB = step != 1;
            Tensor l = a.mul(a).sum();
            if (useB) {
                l = l.add(b.mul(b).sum());
            }
            l.backward();
            adam.step();
            if (useB) {
                bSteps++;
                reference.step(ref, new double[] {2 * ref[0]}, state, bSteps);
            }
            assertEquals(ref[0], b.data().getDouble(0), 1e-13, "step " + step);
        }
    }

    @Test
    void learningRateCanBeChanged() {
        Tensor p = Tensor.parameter(Nd4j.createFromArray(1.0));
        SGD sgd = new SGD(List.of(p), 0.1);
        sgd.setLearningRate(0.5);
        assertEquals(0.5, sgd.learningRate());
        p.mul(p).sum().backward();
        sgd.step();
        assertEquals(0.0, p.data().getDouble(0), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-1));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p, p), 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> new Adam(List.of(Tensor.constant(Nd4j.ones(2))), 0.1));
    }

    @Test
    void gradClipByGlobalNormAndValue() {
        Tensor a = Tensor.parameter(Nd4j.createFromArray(3.0, 0.0));
        Tensor b = Tensor.parameter(Nd4j.createFromArray(4.0));
        Tensor unused = Tensor.parameter(Nd4j.createFromArray(1.0));
        // gradients (3, 0) and (4): global norm 5
        a.accumulate(Nd4j.createFromArray(3.0, 0.0));
        b.accumulate(Nd4j.createFromArray(4.0));
        double norm = GradClip.byGlobalNorm(List.of(a, b, unused), 1.0);
        assertEquals(5.0, norm, 1e-12);
        double f = 1.0 / (5.0 + 1e-6);
        assertEquals(3 * f, a.grad().getDouble(0), 1e-12);
        assertEquals(4 * f, b.grad().getDouble(0), 1e-12);
        // below the limit nothing changes
        double again = GradClip.byGlobalNorm(List.of(a, b), 10.0);
        assertEquals(1.0, again, 1e-6);
        assertEquals(4 * f, b.grad().getDouble(0), 1e-12);

        Tensor c = Tensor.parameter(Nd4j.zeros(DataType.DOUBLE, 4));
        c.accumulate(Nd4j.createFromArray(-3.0, -0.1, 0.2, 7.0));
        GradClip.byValue(List.of(c, unused), 0.5);
        assertEquals(Nd4j.createFromArray(-0.5, -0.1, 0.2, 0.5), c.grad());
    }

    /** Step {@code t} of a run of {@code total} steps, {@code perEpoch} to an epoch. */
    private static RunPosition at(double t, int perEpoch, long total) {
        return new RunPosition(t, perEpoch, total);
    }

    @Test
    void schedules() {
        LrSchedule step = LrSchedule.stepDecay(1.0, 3, 0.5);
        assertEquals(1.0, step.rate(at(0, 1, 100)));
        assertEquals(1.0, step.rate(at(2, 1, 100)));
        assertEquals(0.5, step.rate(at(3, 1, 100)));
        assertEquals(0.25, step.rate(at(7, 1, 100)));
        assertEquals(0.5, step.rate(at(14, 4, 100)), "step 14 of 4 per epoch is in epoch 3 (from 0)");
        LrSchedule cos = LrSchedule.cosine(1.0, 0.1);
        assertEquals(1.0, cos.rate(at(0, 1, 10)), 1e-15);
        assertEquals(0.55, cos.rate(at(5, 1, 10)), 1e-15);
        assertEquals(0.1, cos.rate(at(10, 1, 10)), 1e-15);
        assertEquals(0.1, cos.rate(at(25, 1, 10)), 1e-15);
        assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI * 0.3)) / 2, cos.rate(at(3, 1, 10)), 1e-15);
        LrSchedule wc = LrSchedule.warmupCosine(2.0, 4.0 / 14);
        assertEquals(0.0, wc.rate(at(0, 1, 14)));
        assertEquals(1.0, wc.rate(at(2, 1, 14)), 1e-15);
        assertEquals(2.0, wc.rate(at(4, 1, 14)), 1e-15);
        assertEquals(1.0, wc.rate(at(9, 1, 14)), 1e-15);
        assertEquals(0.0, wc.rate(at(14, 1, 14)), 1e-15);
        assertEquals(0.0, wc.rate(at(20, 1, 14)), "after the run");
        assertEquals(0.3, LrSchedule.constant(0.3).rate(at(1000, 1, 10)));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.warmupCosine(1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.stepDecay(1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant(-1));
    }

    @Test
    void weightDecayOnlyOnTheChosenParameters() {
        Tensor decayed = Tensor.parameter(Nd4j.ones(DataType.DOUBLE, 3));
        Tensor free = Tensor.parameter(Nd4j.ones(DataType.DOUBLE, 3));
        Adam adam = Adam.withDecayOn(List.of(decayed, free), 0.1, 0.5, p -> p == decayed);
        decayed.accumulate(Nd4j.zeros(DataType.DOUBLE, 3));
        free.accumulate(Nd4j.zeros(DataType.DOUBLE, 3));
        adam.step();
        assertTrue(decayed.data().getDouble(0) < 1.0, "decay alone moves the decayed parameter");
        assertEquals(1.0, free.data().getDouble(0), "no gradient and no decay: unchanged");
    }

    @org.junit.jupiter.api.Test
    void adamUpdatesLargeTensorsInNd4jAndSmallOnesInJavaAlike() {
        // a tensor above the small-tensor threshold takes the ND4J path; the same values in a small tensor the Java path
        var random = new java.util.Random(5);
        int large = 20_000;
        int small = 100;
        double[] start = random.doubles(large, -1, 1).toArray();
        for (DataType dtype : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Tensor big = Tensor.parameter(org.nd4j.linalg.factory.Nd4j.createFromArray(start).castTo(dtype));
            Tensor little = Tensor.parameter(org.nd4j.linalg.factory.Nd4j.createFromArray(
                    java.util.Arrays.copyOf(start, small)).castTo(dtype));
            Adam adam = new Adam(java.util.List.of(big, little), 0.05, 0.9, 0.999, 1e-8, 0.01);
            for (int step = 0; step < 4; step++) {
                double[] g = random.doubles(large, -2, 2).toArray();
                big.zeroGrad();
                little.zeroGrad();
                big.accumulateOwned(org.nd4j.linalg.factory.Nd4j.createFromArray(g).castTo(dtype));
                little.accumulateOwned(org.nd4j.linalg.factory.Nd4j.createFromArray(java.util.Arrays.copyOf(g, small))
                        .castTo(dtype));
                adam.step();
            }
            double tol = dtype == DataType.FLOAT ? 1e-6 : 1e-12;
            for (int i = 0; i < small; i++) {
                assertEquals(big.data().getDouble(i), little.data().getDouble(i), tol, dtype + " element " + i);
            }
        }
    }
}
