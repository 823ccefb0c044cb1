package org.erlangen.gauge;

import java.util.Random;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures how far a layer is from gauge equivariance, driven only by the types it declares: draw a gauge angle
 * per vertex and input features of the declared type, run the layer in the original gauge and in the new one
 * (geometry from {@link GaugeGraph#withGauge}, or recomputed from turned frames by the caller; input
 * {@code rho_in(-alpha_v) x_v}), and compare with {@code rho_out(-alpha_v) y_v}. Run it in float64.
 */
public final class GaugeEquivariance {
    private GaugeEquivariance() {
    }

    /** Largest absolute difference, for random float64 features (standard normal) and uniform random gauges. */
    public static double error(GaugeLayer layer, GaugeGraph graph, long seed) {
        Random random = new Random(seed);
        double[] alpha = randomAngles(graph.nodeCount(), random);
        INDArray x = randomFeatures(layer.irrepsIn(), graph.nodeCount(), random);
        return error(layer, graph, graph.withGauge(alpha), alpha, x);
    }

    /**
     * Largest absolute difference between the layer's output in the gauge {@code alpha} and the transformed output
     * in the original gauge.
     *
     * @param gauged the same graph in the gauge alpha
     */
    public static double error(GaugeLayer layer, GaugeGraph graph, GaugeGraph gauged, double[] alpha, INDArray x) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            double[] minus = negate(alpha);
            INDArray y = layer.forward(graph, Tensor.constant(x)).data();
            Tensor xGauged = layer.irrepsIn().rotate(Tensor.constant(x), minus);
            INDArray yGauged = layer.forward(gauged, xGauged).data();
            INDArray expected = layer.irrepsOut().rotate(Tensor.constant(y), minus).data();
            return maxAbsDifference(yGauged, expected);
        }
    }

    public static double[] randomAngles(int n, Random random) {
        double[] alpha = new double[n];
        for (int v = 0; v < n; v++) {
            alpha[v] = 2 * Math.PI * random.nextDouble();
        }
        return alpha;
    }

    /** Standard normal float64 features [n, irreps.dim()]. */
    public static INDArray randomFeatures(Irreps irreps, int n, Random random) {
        double[] x = new double[n * irreps.dim()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        return Nd4j.createFromArray(x).reshape('c', n, irreps.dim()).castTo(DataType.DOUBLE);
    }

    static double[] negate(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = -a[i];
        }
        return out;
    }

    public static double maxAbsDifference(INDArray a, INDArray b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("shapes differ: " + java.util.Arrays.toString(a.shape()) + " vs "
                    + java.util.Arrays.toString(b.shape()));
        }
        if (a.length() == 0) {
            return 0;
        }
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }
}
