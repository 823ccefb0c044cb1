package org.erlangen.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The checker itself: it passes a correct gradient and catches a wrong one. */
class GradCheckTest {
    @Test
    void acceptsCorrectGradient() {
        Random rng = new Random(1);
        GradCheck.check(in -> Ops.mul(in.get(0), in.get(0)), GradCheck.uniform(rng, -1, 1, 3, 2));
    }

    @Test
    void catchesWrongGradient() {
        Random rng = new Random(2);
        // x^2 with a backward that forgets the factor 2
        double[] errors = GradCheck.relativeErrors(in -> {
            Tensor x = in.get(0);
            return Tensor.result(x.data().mul(x.data()), g -> x.accumulateOwned(g.mul(x.data())), x);
        }, GradCheck.uniform(rng, -1, 1, 4));
        assertTrue(errors[0] > 0.1, "error was " + errors[0]);
        assertThrows(AssertionError.class, () -> GradCheck.check(in -> {
            Tensor x = in.get(0);
            return Tensor.result(x.data().mul(x.data()), g -> x.accumulateOwned(g.mul(x.data())), x);
        }, GradCheck.uniform(rng, -1, 1, 4)));
    }

    @Test
    void catchesMissingGradientOfOneInput() {
        Random rng = new Random(3);
        double[] errors = GradCheck.relativeErrors(in -> {
            Tensor a = in.get(0);
            Tensor b = in.get(1);
            // the product's value, but gradient only for a
            return Tensor.result(a.data().mul(b.data()), g -> a.accumulateOwned(g.mul(b.data())), a, b);
        }, GradCheck.uniform(rng, -1, 1, 3), GradCheck.uniform(rng, -1, 1, 3));
        assertTrue(errors[0] < 1e-8, "error was " + errors[0]);
        assertTrue(errors[1] > 0.4, "error was " + errors[1]);
    }
}
