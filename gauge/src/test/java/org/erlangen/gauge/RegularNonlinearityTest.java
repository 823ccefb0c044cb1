package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.nn.Activation;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Comparison;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class RegularNonlinearityTest {
    private static final Irreps TYPE = Irreps.parse("3x0+3x1+3x2");

    @Test
    void withTheIdentityItReconstructsBandLimitedFeatures() {
        INDArray x = GaugeChanges.randomFeatures(TYPE, 20, new Random(1));
        for (int n : new int[] {5, 8, 13}) {
            INDArray y = new RegularNonlinearity(TYPE, n, Activation.IDENTITY).forward(Tensor.constant(x)).data();
            assertTrue(x.equalsWithEps(y, 1e-13), n + " samples");
        }
    }

    @Test
    void onScalarsItIsThePointwiseActivation() {
        Irreps scalars = Irreps.scalars(4);
        INDArray x = GaugeChanges.randomFeatures(scalars, 10, new Random(2));
        INDArray y = new RegularNonlinearity(scalars, 3).forward(Tensor.constant(x)).data();
        assertTrue(Activations.relu(Tensor.constant(x)).data().equalsWithEps(y, 1e-14));
    }

    @Test
    void isExactlyEquivariantToTurnsByMultiplesOfTheSampleSpacing() {
        int n = 8;
        RegularNonlinearity layer = new RegularNonlinearity(TYPE, n);
        GaugeGraph g = TestGeometry.randomGaugeGraph(50, 0, 4);
        GaugeChanges<GaugeGraph> turns = GaugeChanges.of(layer).inMultiplesOf(n);
        Equivariance.assertEquivariant(turns, GaugeChanges.onRandomFeatures(layer, g, DataType.DOUBLE, 3),
                Tolerance.absolute(1e-12));
        Equivariance.assertEquivariant(turns, GaugeChanges.onRandomFeatures(layer, g, DataType.FLOAT, 3));
    }

    /**
     * Mean over points of |N(rho(-a) x) - rho(-a) N(x)| / |N(x)| for uniform random gauges a: the kit's two sides
     * of the check, measured per point (rho(-a) keeps norms, so |rho(-a) N(x)| = |N(x)|).
     */
    static double relativeError(int samples) {
        RegularNonlinearity layer = new RegularNonlinearity(TYPE, samples);
        int points = 2000;
        Comparison c = Equivariance.compare(GaugeChanges.of(layer), GaugeChanges.onRandomFeatures(layer,
                TestGeometry.randomGaugeGraph(points, 0, 5), DataType.DOUBLE, 5));
        INDArray diff = c.actual().sub(c.expected());
        double sum = 0;
        for (int r = 0; r < points; r++) {
            sum += diff.getRow(r).norm2Number().doubleValue() / c.expected().getRow(r).norm2Number().doubleValue();
        }
        return sum / points;
    }

    @Test
    void theEquivarianceErrorShrinksAsSamplesGrow() {
        int[] samples = {8, 16, 32, 64};
        double[] errors = new double[samples.length];
        for (int i = 0; i < samples.length; i++) {
            errors[i] = relativeError(samples[i]);
        }
        for (int i = 1; i < samples.length; i++) {
            assertTrue(errors[i] < 0.7 * errors[i - 1], "N=" + samples[i] + ": " + errors[i] + ", N="
                    + samples[i - 1] + ": " + errors[i - 1]);
        }
        assertTrue(errors[0] < 0.2 && errors[samples.length - 1] < 0.01, java.util.Arrays.toString(errors));
    }

    @Test
    void hasTheRightGradient() {
        RegularNonlinearity layer = new RegularNonlinearity(Irreps.parse("2x0+2x1+2x2"), 7, Activation.SILU);
        GradCheck.check(in -> layer.forward(in.get(0)), GradCheck.uniform(new Random(6), -1, 1, 4, 10));
        RegularNonlinearity relu = new RegularNonlinearity(Irreps.parse("1x0+1x1"), 5);
        GradCheck.check(in -> relu.forward(in.get(0)), GradCheck.uniform(new Random(7), -1, 1, 4, 3));
    }

    @Test
    void float32AgreesWithFloat64() {
        RegularNonlinearity layer = new RegularNonlinearity(TYPE, 9);
        INDArray x = GaugeChanges.randomFeatures(TYPE, 30, new Random(8));
        INDArray y64 = layer.forward(Tensor.constant(x)).data();
        INDArray y32 = layer.forward(Tensor.constant(x.castTo(DataType.FLOAT))).data();
        assertTrue(y64.castTo(DataType.FLOAT).equalsWithEps(y32, 1e-5));
    }

    @Test
    void refusesTypesItCannotSample() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new RegularNonlinearity(Irreps.parse("2x0+1x1"), 8));
        assertTrue(e.getMessage().contains("2x0+1x1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RegularNonlinearity(TYPE, 4));
        assertTrue(e.getMessage().contains("at least 5"), e.getMessage());
    }
}
