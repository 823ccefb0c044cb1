package org.erlangen.gauge.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Z2CNN and P4CNN as Cohen and Welling define them: shapes, sizes, and P4CNN's exact invariance on 28x28 digits. */
class GridCnnTest {
    private static INDArray digits(long seed, int batch, DataType dtype) {
        Random r = new Random(seed);
        INDArray a = Nd4j.create(DataType.DOUBLE, batch, 1, 28, 28);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, r.nextDouble());
        }
        return a.castTo(dtype);
    }

    private static GridCnnConfig noDropout(GridCnnConfig c) {
        return new GridCnnConfig(c.group(), c.inChannels(), c.classes(), c.channels(), c.layers(), c.lastKernel(), 0,
                c.imageSize());
    }

    @Test
    void bothNetworksTakeDigitsToLogitsWithAboutTheSameParameters() {
        GridCnn z2 = new GridCnn(GridCnnConfig.z2cnn(10), 1, DataType.FLOAT);
        GridCnn p4 = new GridCnn(GridCnnConfig.p4cnn(10), 1, DataType.FLOAT);
        assertArrayEquals(new long[] {3, 10}, z2.forward(Tensor.constant(digits(1, 3, DataType.FLOAT))).shape());
        assertArrayEquals(new long[] {3, 10}, p4.forward(Tensor.constant(digits(1, 3, DataType.FLOAT))).shape());
        long z2Parameters = z2.parameterCount();
        long p4Parameters = p4.parameterCount();
        // 21,590 and 24,650 with biases and batch norm: within a fifth of each other, as in the paper
        assertTrue(Math.abs(z2Parameters - p4Parameters) < 0.2 * z2Parameters, z2Parameters + " vs " + p4Parameters);
        assertEquals(GridCnnConfig.p4cnn(10), GridCnnConfig.fromJson(GridCnnConfig.p4cnn(10).toJson()));
        assertThrows(IllegalArgumentException.class, () -> new GridCnnConfig("C4", 1, 10, 10, 7, 3, 0.3, 28),
                "a 3x3 last layer leaves 2x2 maps");
    }

    @Test
    void p4cnnAndP4mcnnLogitsAreInvariantToTheirGroup() {
        for (String name : new String[] {"C4", "D4"}) {
            PlaneGroup group = SquareSymmetries.named(name);
            GridCnnConfig config = noDropout(new GridCnnConfig(name, 1, 10, 4, 7, 4, 0.3, 28));
            for (boolean training : new boolean[] {true, false}) {
                var symmetry = new GridSymmetries(group, GridSymmetries.Output.PLANAR);
                String label = name + " network, " + (training ? "batch" : "running") + " statistics";
                // exact in float64; in float32, seven layers of batch statistics sum in another order when turned
                Equivariance.assertInvariant(symmetry, network(config, training, DataType.DOUBLE).named(label));
                Equivariance.assertInvariant(symmetry, network(config, training, DataType.FLOAT).named(label),
                        new Tolerance(1e-4));
            }
        }
    }

    private static Case<Tensor> network(GridCnnConfig config, boolean training, DataType dtype) {
        GridCnn net = new GridCnn(config, 5, dtype);
        net.train(training);
        return Case.of(Tensor.constant(digits(2, 2, dtype)), net::forward);
    }

    @Test
    void z2cnnIsNot() {
        GridCnnConfig config = noDropout(GridCnnConfig.z2cnn(10));
        assertThrows(AssertionError.class, () -> Equivariance.assertInvariant(new GridSymmetries(SquareSymmetries.C4,
                GridSymmetries.Output.PLANAR), dtype -> {
                    GridCnn net = new GridCnn(config, 5, dtype);
                    net.eval();
                    return Case.of(Tensor.constant(digits(3, 2, dtype)), net::forward);
                }));
    }
}
