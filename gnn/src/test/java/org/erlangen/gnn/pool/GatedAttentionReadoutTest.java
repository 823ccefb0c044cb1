package org.erlangen.gnn.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.gnn.testing.Batches;
import org.erlangen.nn.Init;
import org.erlangen.nn.Linear;
import org.erlangen.nn.MLP;
import org.erlangen.sparse.Segments;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.BatchPermutations;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class GatedAttentionReadoutTest {
    private static final Segments GRAPHS = Segments.ofSizes(new int[] {3, 1, 0, 4});

    private static Linear linear(int in, int out, long seed, DataType dtype) {
        Linear lin = new Linear(in, out, true, Init.Scheme.GLOROT_UNIFORM, new Random(seed), dtype);
        lin.bias().data().assign(GradCheck.uniform(new Random(seed + 1), -0.5, 0.5, out).castTo(dtype));
        return lin;
    }

    @Test
    void matchesSoftmaxOfTheGateOverEachGraphTimesTheTransformedNodes() {
        Linear gate = linear(3, 1, 1, DataType.DOUBLE);
        Linear nn = linear(3, 2, 3, DataType.DOUBLE);
        GatedAttentionReadout readout = new GatedAttentionReadout(gate, nn);
        INDArray x = GradCheck.uniform(new Random(5), -1, 1, 8, 3);
        INDArray out = readout.forward(Tensor.constant(x), GRAPHS).data();
        INDArray scores = x.mmul(gate.weight().data()).addRowVector(gate.bias().data());
        INDArray values = x.mmul(nn.weight().data()).addRowVector(nn.bias().data());
        for (int b = 0; b < GRAPHS.count(); b++) {
            double z = 0;
            for (int i = GRAPHS.start(b); i < GRAPHS.end(b); i++) {
                z += Math.exp(scores.getDouble(i, 0));
            }
            for (int f = 0; f < 2; f++) {
                double expected = 0;
                for (int i = GRAPHS.start(b); i < GRAPHS.end(b); i++) {
                    expected += Math.exp(scores.getDouble(i, 0)) / z * values.getDouble(i, f);
                }
                assertEquals(expected, out.getDouble(b, f), 1e-12, "graph " + b + " feature " + f);
            }
        }
    }

    @Test
    void aGatePerFeatureWeighsEachFeatureOnItsOwn() {
        Linear gate = linear(3, 3, 6, DataType.DOUBLE);
        GatedAttentionReadout readout = new GatedAttentionReadout(gate, null);
        INDArray x = GradCheck.uniform(new Random(7), -1, 1, 8, 3);
        INDArray out = readout.forward(Tensor.constant(x), GRAPHS).data();
        INDArray scores = x.mmul(gate.weight().data()).addRowVector(gate.bias().data());
        int b = 3;
        for (int f = 0; f < 3; f++) {
            double z = 0;
            double expected = 0;
            for (int i = GRAPHS.start(b); i < GRAPHS.end(b); i++) {
                z += Math.exp(scores.getDouble(i, f));
            }
            for (int i = GRAPHS.start(b); i < GRAPHS.end(b); i++) {
                expected += Math.exp(scores.getDouble(i, f)) / z * x.getDouble(i, f);
            }
            assertEquals(expected, out.getDouble(b, f), 1e-12);
        }
    }

    @Test
    void graphOutputsDoNotDependOnTheOrderOfNodesAndFollowTheGraphs() {
        Equivariance.assertEquivariant(BatchPermutations.graphsAndNodes(Rows.GRAPHS), dtype -> {
            GatedAttentionReadout readout = new GatedAttentionReadout(
                    MLP.builder(4, 6, 1).dtype(dtype).seed(10).build(), linear(4, 3, 11, dtype));
            return Case.of(Batches.random(new int[] {5, 2, 7}, 4, 8, dtype),
                    b -> readout.forward(Tensor.constant(b.graph().nodeFeatures()), b));
        });
    }

    @Test
    void gradientsOfParametersAndInputMatchFiniteDifferences() {
        GatedAttentionReadout readout = new GatedAttentionReadout(linear(3, 1, 12, DataType.DOUBLE),
                linear(3, 2, 14, DataType.DOUBLE));
        INDArray x = GradCheck.uniform(new Random(16), -1, 1, 8, 3);
        GradCheck.checkParameters(readout, () -> readout.forward(Tensor.constant(x), GRAPHS));
        GradCheck.check(in -> readout.forward(in.get(0), GRAPHS), x);
    }

    @Test
    void refusesAGateOfTheWrongWidth() {
        GatedAttentionReadout readout = new GatedAttentionReadout(linear(3, 2, 17, DataType.DOUBLE),
                linear(3, 4, 18, DataType.DOUBLE));
        var e = assertThrows(IllegalArgumentException.class, () -> readout.forward(
                Tensor.constant(GradCheck.uniform(new Random(19), -1, 1, 8, 3)), GRAPHS));
        assertTrue(e.getMessage().contains("[8, 1] or [8, 4]"), e.getMessage());
    }
}
