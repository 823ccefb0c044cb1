package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EquivariantLinearTest {
    private static final Irreps IN = Irreps.parse("2x0+1x1+1x2+1x1");
    private static final Irreps OUT = Irreps.parse("1x1+3x0+1x3");

    private static EquivariantLinear layer(long seed) {
        return layer(seed, DataType.DOUBLE);
    }

    private static EquivariantLinear layer(long seed, DataType dtype) {
        EquivariantLinear l = new EquivariantLinear(IN, OUT, true, 1, new Random(seed), dtype);
        l.namedParameters().get("bias").data().assign(Nd4j.createFromArray(0.5, -1.0, 2.0).castTo(dtype));
        return l;
    }

    @Test
    void commutesWithEveryRotation() {
        INDArray w = layer(1).matrix().data();
        Random random = new Random(2);
        for (int i = 0; i < 10; i++) {
            double a = 2 * Math.PI * random.nextDouble();
            // y = x W for row vectors, so equivariance is W^T rho_in(a) = rho_out(a) W^T
            INDArray left = w.transpose().mmul(IN.representation(a, DataType.DOUBLE));
            INDArray right = OUT.representation(a, DataType.DOUBLE).mmul(w.transpose());
            assertTrue(left.equalsWithEps(right, 1e-14));
        }
        GaugeChanges.assertEquivariant(dtype -> layer(3, dtype), TestGeometry.randomGaugeGraph(20, 0, 4), 5,
                Tolerance.absolute(1e-13));
    }

    @Test
    void mapsOrdersOnlyToThemselvesAndBiasesOnlyScalars() {
        EquivariantLinear l = layer(6);
        INDArray w = l.matrix().data();
        int[] inOrders = IN.columnOrders();
        int[] outOrders = OUT.columnOrders();
        for (int i = 0; i < IN.dim(); i++) {
            for (int j = 0; j < OUT.dim(); j++) {
                if (inOrders[i] != outOrders[j]) {
                    assertEquals(0, w.getDouble(i, j), 0, "entry " + i + ", " + j);
                }
            }
        }
        assertEquals(2 * 3 + 2 * 2 * 1, l.parameterCount() - 3, "w0 is 2x3, w1 is 2x2x1, no weight for orders 2, 3");
        INDArray y = l.forward(Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 1, IN.dim()))).data();
        assertTrue(y.equalsWithEps(Nd4j.createFromArray(new double[][] {{0, 0, 0.5, -1, 2, 0, 0}}), 0));
    }

    @Test
    void hasTheRightGradient() {
        EquivariantLinear l = layer(7);
        Tensor x = Tensor.constant(GaugeChanges.randomFeatures(IN, 4, new Random(8)));
        GradCheck.checkParameters(l, () -> l.forward(x));
        GradCheck.check(in -> l.forward(in.get(0)), x.data());
    }
}
