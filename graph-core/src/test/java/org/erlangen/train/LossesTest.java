package org.erlangen.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.kernels.Vectorization;
import org.erlangen.tensor.Softmax;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Loss values against direct computations; their gradients are checked in TensorOpsGradTest. */
class LossesTest {
    private final Random rng = new Random(11);

    @Test
    void crossEntropyIsWeightedMeanOverCountedRows() {
        INDArray logits = GradCheck.uniform(rng, -3, 3, 5, 3);
        int[] labels = {2, 0, -1, 1, 2};
        boolean[] mask = {true, true, true, false, true};
        double[] w = {0.5, 1.0, 3.0};
        INDArray logP = Softmax.logSoftmax(Tensor.constant(logits), 1).data();
        double num = 0;
        double den = 0;
        for (int i : new int[] {0, 1, 4}) { // row 2 ignored by label, row 3 by mask
            num += -w[labels[i]] * logP.getDouble(i, labels[i]);
            den += w[labels[i]];
        }
        assertEquals(num / den, Losses.crossEntropy(Tensor.constant(logits), labels, w, mask).item(), 1e-12);
        assertEquals(num / den, Losses.crossEntropyAt(Tensor.constant(logits), labels, w, new int[] {0, 1, 2, 4})
                .item(), 1e-12);
        double plain = 0;
        for (int i : new int[] {0, 1, 3, 4}) {
            plain -= logP.getDouble(i, labels[i]);
        }
        assertEquals(plain / 4, Losses.crossEntropy(Tensor.constant(logits), labels).item(), 1e-12);
    }

    @Test
    void labelSmoothingSpreadsTheTargetAsPyTorchDoes() {
        INDArray logits = GradCheck.uniform(rng, -3, 3, 4, 5);
        int[] labels = {4, 0, 2, 2};
        INDArray logP = Softmax.logSoftmax(Tensor.constant(logits), 1).data();
        double eps = 0.3;
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            for (int c = 0; c < 5; c++) {
                double target = (c == labels[i] ? 1 - eps : 0) + eps / 5;
                expected -= target * logP.getDouble(i, c) / 4;
            }
        }
        assertEquals(expected, Losses.crossEntropy(Tensor.constant(logits), labels, eps).item(), 1e-12);
        assertEquals(Losses.crossEntropy(Tensor.constant(logits), labels).item(),
                Losses.crossEntropy(Tensor.constant(logits), labels, 0).item(), 0);
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(Tensor.constant(logits), labels, 1.5));
        assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(Tensor.constant(logits), new int[] {0, -1, 0, 0}, 0.1));
    }

    @Test
    void crossEntropyEdgeCasesAndErrors() {
        Tensor logits = Tensor.parameter(Nd4j.createFromArray(new float[][] {{1000f, 0f}, {0f, -1000f}}));
        Tensor loss = Losses.crossEntropy(logits, new int[] {1, 0});
        assertEquals(DataType.FLOAT, loss.dtype());
        assertEquals(500.0, loss.item(), 1e-3, "large logits stay finite");
        loss.backward();
        assertEquals(DataType.FLOAT, logits.grad().dataType());
        // softmax - onehot, over 2 rows: row 0 = (1 - 0, 0 - 1) / 2
        assertEquals(0.5, logits.grad().getDouble(0, 0), 1e-6);
        assertEquals(-0.5, logits.grad().getDouble(0, 1), 1e-6);

        Tensor none = Losses.crossEntropy(Tensor.parameter(Nd4j.zeros(2, 3)), new int[] {-1, -1});
        assertTrue(Double.isNaN(none.item()), "no counted rows gives NaN, as PyTorch");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(Tensor.constant(Nd4j.zeros(2, 3)), new int[] {0, 3}));
        assertTrue(e.getMessage().contains("label 3 at row 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(Tensor.constant(Nd4j.zeros(2, 3)), new int[] {0}));
        assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(Tensor.constant(Nd4j.zeros(2, 3)), new int[] {0, 1}, new double[2], null));
    }

    @Test
    void crossEntropyFloatAndDoubleAgree() {
        INDArray logits = GradCheck.uniform(rng, -2, 2, 50, 4);
        int[] labels = new int[50];
        for (int i = 0; i < 50; i++) {
            labels[i] = rng.nextInt(4);
        }
        Tensor d = Tensor.parameter(logits.dup());
        Tensor f = Tensor.parameter(logits.castTo(DataType.FLOAT));
        Tensor ld = Losses.crossEntropy(d, labels);
        Tensor lf = Losses.crossEntropy(f, labels);
        assertEquals(ld.item(), lf.item(), 1e-6);
        ld.backward();
        lf.backward();
        assertTrue(d.grad().equalsWithEps(f.grad().castTo(DataType.DOUBLE), 1e-7));
    }

    @Test
    void regressionAndBinaryLosses() {
        INDArray p = Nd4j.createFromArray(1.0, -2.0, 0.5, 3.0);
        INDArray t = Nd4j.createFromArray(0.0, -1.0, 0.5, 1.0);
        assertEquals((1 + 1 + 0 + 4) / 4.0, Losses.mse(Tensor.constant(p), Tensor.constant(t)).item(), 1e-15);
        assertEquals((1 + 1 + 0 + 2) / 4.0, Losses.l1(Tensor.constant(p), Tensor.constant(t)).item(), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.mse(Tensor.constant(p), Tensor.constant(t.reshape(4, 1))));
        assertTrue(e.getMessage().contains("[4, 1]"), e.getMessage());

        INDArray x = Nd4j.createFromArray(100.0, -100.0, 0.3, -2.0);
        INDArray y = Nd4j.createFromArray(0.0, 0.0, 1.0, 0.25);
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            double xi = x.getDouble(i);
            double yi = y.getDouble(i);
            double s = 1 / (1 + Math.exp(-xi));
            // naive -[y log s + (1-y) log(1-s)], finite for these inputs except row 0, done by hand there
            expected += i == 0 ? 100.0 : -(yi * Math.log(s) + (1 - yi) * Math.log(1 - s));
        }
        double bce = Losses.bceWithLogits(Tensor.constant(x), Tensor.constant(y)).item();
        assertEquals(expected / 4, bce, 1e-12);
    }

    /**
     * Links and non-links with a shared shift: the concatenated logits' cross-entropy, its gradients by finite
     * differences, float against double on many pairs (chunked sums), and extreme logits.
     */
    @Test
    void bceOfLinksAndNonLinksIsTheCrossEntropyOfTheirShiftedLogits() {
        Random random = new Random(5);
        INDArray p = GradCheck.uniform(random, -4, 4, 7);
        INDArray q = GradCheck.uniform(random, -4, 4, 5);
        INDArray b = Nd4j.createFromArray(0.3);
        Tensor pt = Tensor.parameter(p.dup());
        Tensor qt = Tensor.parameter(q.dup());
        Tensor bt = Tensor.parameter(b.dup());
        Tensor fused = Losses.bceWithLogits(pt, qt, bt);
        fused.backward();
        Tensor pc = Tensor.parameter(p.dup());
        Tensor qc = Tensor.parameter(q.dup());
        Tensor bc = Tensor.parameter(b.dup());
        Tensor logits = org.erlangen.tensor.Shapes.concat(0, org.erlangen.tensor.Ops.add(pc, bc),
                org.erlangen.tensor.Ops.add(qc, bc));
        INDArray labels = Nd4j.concat(0, Nd4j.ones(DataType.DOUBLE, 7), Nd4j.zeros(DataType.DOUBLE, 5));
        Tensor composed = Losses.bceWithLogits(logits, Tensor.constant(labels));
        composed.backward();
        assertEquals(composed.item(), fused.item(), 1e-14);
        assertTrue(pc.grad().equalsWithEps(pt.grad(), 1e-14), "the links' gradient");
        assertTrue(qc.grad().equalsWithEps(qt.grad(), 1e-14), "the non-links' gradient");
        assertEquals(bc.grad().getDouble(0), bt.grad().getDouble(0), 1e-14, "the shift's gradient");
        GradCheck.check(in -> Losses.bceWithLogits(in.get(0), in.get(1), in.get(2)), p, q, b);
        GradCheck.check(in -> Losses.bceWithLogits(in.get(0), in.get(1), null), p, q);

        // more pairs than one chunk of the sums, in float, with the Vector API and without
        INDArray many = GradCheck.uniform(random, -6, 6, 10_003);
        INDArray more = GradCheck.uniform(random, -6, 6, 9_000);
        Tensor pd = Tensor.parameter(many.dup());
        Tensor qd = Tensor.parameter(more.dup());
        Tensor exact = Losses.bceWithLogits(pd, qd, Tensor.constant(b));
        exact.backward();
        boolean vectorized = Vectorization.enabled();
        try {
            for (boolean vector : new boolean[] {true, false}) {
                Vectorization.setEnabled(vector);
                Tensor pf = Tensor.parameter(many.castTo(DataType.FLOAT));
                Tensor qf = Tensor.parameter(more.castTo(DataType.FLOAT));
                Tensor single = Losses.bceWithLogits(pf, qf, Tensor.constant(b.castTo(DataType.FLOAT)));
                assertEquals(exact.item(), single.item(), 1e-6, "vector API " + vector);
                single.backward();
                assertEquals(DataType.FLOAT, pf.grad().dataType());
                assertTrue(pd.grad().equalsWithEps(pf.grad().castTo(DataType.DOUBLE), 1e-9), "links, vector " + vector);
                assertTrue(qd.grad().equalsWithEps(qf.grad().castTo(DataType.DOUBLE), 1e-9), "non-links, " + vector);
            }
        } finally {
            Vectorization.setEnabled(vectorized);
        }

        // saturated logits: finite loss and gradients
        Tensor extreme = Losses.bceWithLogits(Tensor.parameter(Nd4j.createFromArray(-800.0, 800.0)),
                Tensor.parameter(Nd4j.createFromArray(800.0, -800.0)), null);
        assertEquals((800.0 + 0 + 800.0 + 0) / 4, extreme.item(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Losses.bceWithLogits(Tensor.constant(p),
                Tensor.constant(q.castTo(DataType.FLOAT)), null));
    }
}
