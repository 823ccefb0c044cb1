package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.nn.Activation;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class RegularNonlinearityTest {
    private static final Irreps TYPE = Irreps.parse("3x0+3x1+3x2");

    @Test
    void withTheIdentityItReconstructsBandLimitedFeatures() {
        INDArray x = GaugeEquivariance.randomFeatures(TYPE, 20, new Random(1));
        for (int n : new int[] {5, 8, 13}) {
            INDArray y = new RegularNonlinearity(TYPE, n, Activation.IDENTITY).forward(Tensor.constant(x)).data();
            assertTrue(x.equalsWithEps(y, 1e-13), n + " samples");
        }
    }

    @Test
    void onScalarsItIsThePointwiseActivation() {
        Irreps scalars = Irreps.scalars(4);
        INDArray x = GaugeEquivariance.randomFeatures(scalars, 10, new Random(2));
        INDArray y = new RegularNonlinearity(scalars, 3).forward(Tensor.constant(x)).data();
        assertTrue(Activations.relu(Tensor.constant(x)).data().equalsWithEps(y, 1e-14));
    }

    @Test
    void isExactlyEquivariantToTurnsByMultiplesOfTheSampleSpacing() {
        int n = 8;
        RegularNonlinearity layer = new RegularNonlinearity(TYPE, n);
        Random random = new Random(3);
        GaugeGraph g = TestGeometry.randomGaugeGraph(50, 0, 4);
        double[] alpha = new double[50];
        for (int v = 0; v < alpha.length; v++) {
            alpha[v] = 2 * Math.PI * random.nextInt(n) / n;
        }
        INDArray x = GaugeEquivariance.randomFeatures(TYPE, 50, random);
        double error = GaugeEquivariance.error(layer, g, g.withGauge(alpha), alpha, x);
        assertTrue(error < 1e-12, "error " + error);
    }

    /** Mean over points of |N(rho(-a) x) - rho(-a) N(x)| / |N(x)| for random gauges a. */
    static double relativeError(int samples) {
        RegularNonlinearity layer = new RegularNonlinearity(TYPE, samples);
        Random random = new Random(5);
        int points = 2000;
        INDArray x = GaugeEquivariance.randomFeatures(TYPE, points, random);
        double[] alpha = GaugeEquivariance.randomAngles(points, random);
        double[] minus = GaugeEquivariance.negate(alpha);
        INDArray y = layer.forward(Tensor.constant(x)).data();
        INDArray expected = TYPE.rotate(Tensor.constant(y), minus).data();
        INDArray actual = layer.forward(TYPE.rotate(Tensor.constant(x), minus)).data();
        INDArray diff = actual.sub(expected);
        double sum = 0;
        for (int r = 0; r < points; r++) {
            sum += diff.getRow(r).norm2Number().doubleValue() / y.getRow(r).norm2Number().doubleValue();
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
        INDArray x = GaugeEquivariance.randomFeatures(TYPE, 30, new Random(8));
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
