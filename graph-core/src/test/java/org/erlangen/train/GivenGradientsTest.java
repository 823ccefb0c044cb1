package org.erlangen.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class GivenGradientsTest {
    private final Random random = new Random(3);

    @Test
    void theExpansionHasTheGivenGradientsByFiniteDifferences() {
        INDArray g1 = GradCheck.uniform(random, -1, 1, 3, 4);
        INDArray g2 = GradCheck.uniform(random, -1, 1, 5);
        INDArray at1 = GradCheck.uniform(random, -1, 1, 3, 4);
        INDArray at2 = GradCheck.uniform(random, -1, 1, 5);
        // around a point other than the one checked, so the expansion's slope shows, not only its value
        GradCheck.check(in -> GivenGradients.expansion(0.7, in, List.of(g1, g2), new INDArray[] {at1, at2}),
                GradCheck.uniform(random, -1, 1, 3, 4), GradCheck.uniform(random, -1, 1, 5));
    }

    @Test
    void atTheParametersItIsTheValueAndBackwardHandsOverTheGradients() {
        Tensor w = Tensor.parameter(GradCheck.uniform(random, -1, 1, 2, 3));
        Tensor b = Tensor.parameter(GradCheck.uniform(random, -1, 1, 3));
        INDArray gw = GradCheck.uniform(random, -1, 1, 2, 3);
        INDArray gb = GradCheck.uniform(random, -1, 1, 3);
        Tensor loss = GivenGradients.loss(1.2345678901234, List.of(w, b), List.of(gw, gb));
        assertEquals(1.2345678901234, loss.data().getDouble(0), 0.0);
        loss.backward();
        assertEquals(gw, w.grad());
        assertEquals(gb, b.grad());
    }

    @Test
    void aGradientOfAnotherShapeIsRefused() {
        Tensor w = Tensor.parameter(GradCheck.uniform(random, -1, 1, 2, 3));
        var e = assertThrows(IllegalArgumentException.class,
                () -> GivenGradients.loss(0, List.of(w), List.of(GradCheck.uniform(random, -1, 1, 3, 2))));
        assertEquals("gradient 0 is DOUBLE [3, 2], its parameter DOUBLE [2, 3]", e.getMessage());
    }
}
