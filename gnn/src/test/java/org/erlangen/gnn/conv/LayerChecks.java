package org.erlangen.gnn.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.erlangen.graph.Graph;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.nn.Module;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.GradCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The checks every layer gets besides its symmetry (which goes through {@link org.erlangen.testing.Equivariance}):
 * gradients, fused against message path; and dense helpers.
 */
final class LayerChecks {
    private LayerChecks() {
    }

    /** How a test runs a layer: node features and edge features (null when the layer takes none). */
    @FunctionalInterface
    interface Forward {
        Tensor apply(Graph graph, Tensor x, Tensor edgeAttr);
    }

    /** A layer built for one data type, and how to run it. */
    record Built(Module module, Forward forward) {
        Tensor run(Graph g) {
            return forward.apply(g, Tensor.constant(g.nodeFeatures()), edges(g));
        }
    }

    /** A random graph without self loops, node features in [-1, 1), edge features in [-1, 1) when edgeDim > 0. */
    static Graph graph(int n, int m, int features, int edgeDim, long seed, DataType dtype) {
        Graph g = RandomGraphs.of(n, m).nodeFeatures(features).seed(seed).build();
        Graph.Builder b = g.toBuilder().nodeFeatures(g.nodeFeatures().castTo(dtype));
        if (edgeDim > 0) {
            b.edgeFeatures(GradCheck.uniform(new Random(seed + 1), -1, 1, m, edgeDim).castTo(dtype));
        }
        return b.build();
    }

    static Tensor edges(Graph g) {
        return g.edgeFeatures() == null ? null : Tensor.constant(g.edgeFeatures());
    }

    /**
     * The symmetry check's input: the layer built in each data type, run on a random graph of 30 nodes and 120 edges
     * with {@code features} node features and {@code edgeDim} edge features.
     */
    static Function<DataType, Case<Graph>> onRandomGraph(Function<DataType, Built> make, int features, int edgeDim) {
        return dtype -> Case.of(graph(30, 120, features, edgeDim, 42, dtype), make.apply(dtype)::run);
    }

    /**
     * Float64 gradients of every parameter, of the node features and of the edge features (when used). Parameters
     * named in {@code noEffect} cannot change the output (such as a key bias, which shifts all of a node's scores
     * alike); for them both gradients must vanish.
     */
    static void assertGradients(Built layer, Graph g, String... noEffect) {
        Tensor x = Tensor.constant(g.nodeFeatures());
        Tensor e = edges(g);
        if (noEffect.length == 0) {
            GradCheck.checkParameters(layer.module(), () -> layer.forward().apply(g, x, e));
        } else {
            checkParametersExcept(layer.module(), () -> layer.forward().apply(g, x, e), List.of(noEffect));
        }
        GradCheck.check(in -> layer.forward().apply(g, in.get(0), e), g.nodeFeatures());
        if (e != null) {
            GradCheck.check(in -> layer.forward().apply(g, x, in.get(0)), g.edgeFeatures());
        }
    }

    /** {@link GradCheck#checkParameters}, except that the named parameters must have zero gradient. */
    private static void checkParametersExcept(Module module, java.util.function.Supplier<Tensor> forward,
            List<String> noEffect) {
        module.zeroGrad();
        Tensor out = forward.get();
        INDArray projection = GradCheck.uniform(new Random(1234), -1, 1, out.shape());
        out.backward(projection);
        for (var entry : module.namedParameters().entrySet()) {
            INDArray value = entry.getValue().data();
            INDArray grad = entry.getValue().grad();
            double maxDiff = 0;
            double maxA = 0;
            double maxN = 0;
            for (long j = 0; j < value.length(); j++) {
                double original = value.getDouble(j);
                value.putScalar(j, original + GradCheck.H);
                double plus = projected(forward, projection);
                value.putScalar(j, original - GradCheck.H);
                double minus = projected(forward, projection);
                value.putScalar(j, original);
                double numeric = (plus - minus) / (2 * GradCheck.H);
                double analytic = grad == null ? 0.0 : grad.getDouble(j);
                maxDiff = Math.max(maxDiff, Math.abs(analytic - numeric));
                maxA = Math.max(maxA, Math.abs(analytic));
                maxN = Math.max(maxN, Math.abs(numeric));
            }
            if (noEffect.contains(entry.getKey())) {
                assertTrue(maxA < 1e-10 && maxN < 1e-7, entry.getKey() + " should not affect the output: gradient "
                        + maxA + ", numeric " + maxN);
            } else {
                double error = maxDiff / Math.max(1e-8, maxA + maxN);
                assertTrue(error <= GradCheck.TOLERANCE && maxA > 0, "gradient of parameter " + entry.getKey()
                        + " has relative error " + error + " (largest " + maxA + ")");
            }
        }
        module.zeroGrad();
    }

    private static double projected(java.util.function.Supplier<Tensor> forward, INDArray projection) {
        try (var ignored = GradMode.noGrad()) {
            return forward.get().data().mul(projection).sumNumber().doubleValue();
        }
    }

    /** The fused path and the message path give the same output and the same parameter gradients (float64). */
    static void assertFusedMatchesMessages(Built built, MessagePassing layer, Graph g) {
        INDArray projection = GradCheck.uniform(new Random(3), -1, 1, built.run(g).shape());
        INDArray[] outputs = new INDArray[2];
        List<List<INDArray>> grads = new java.util.ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            layer.setFused(pass == 0);
            built.module().zeroGrad();
            Tensor y = built.run(g);
            y.backward(projection);
            outputs[pass] = y.data();
            grads.add(built.module().parameters().stream().map(p -> p.grad().dup()).toList());
        }
        layer.setFused(true);
        built.module().zeroGrad();
        assertClose(outputs[0], outputs[1], 1e-12, "fused and message paths differ");
        for (int i = 0; i < grads.get(0).size(); i++) {
            assertClose(grads.get(0).get(i), grads.get(1).get(i), 1e-12, "parameter " + i + " gradient differs");
        }
    }

    static void assertClose(INDArray expected, INDArray actual, double tolerance, String message) {
        assertArrayEquals(expected.shape(), actual.shape(), message + ": shapes differ");
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= tolerance, message + ": largest difference " + diff + " > " + tolerance);
    }

    static void assertClose(double[][] expected, INDArray actual, double tolerance, String message) {
        assertClose(Nd4j.createFromArray(expected), actual, tolerance, message);
    }

    /** Runs without recording. */
    static INDArray value(java.util.function.Supplier<Tensor> f) {
        try (var ignored = GradMode.noGrad()) {
            return f.get().data();
        }
    }

    // dense helpers for the reference computations, all in double

    static double[][] rows(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    static double[] vector(INDArray a) {
        return a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    static double[] times(double[] x, double[][] w) {
        double[] y = new double[w[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                y[j] += x[i] * w[i][j];
            }
        }
        return y;
    }

    static double[] plus(double[] a, double[] b) {
        double[] y = a.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += b[i];
        }
        return y;
    }

    static double[] scaled(double[] a, double s) {
        double[] y = a.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] *= s;
        }
        return y;
    }

    static double[] cat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] y = new double[n];
        int o = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, y, o, p.length);
            o += p.length;
        }
        return y;
    }

    static double[] relu(double[] a) {
        double[] y = a.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(0, y[i]);
        }
        return y;
    }

    static double leakyRelu(double v, double slope) {
        return v > 0 ? v : slope * v;
    }

    /** Parameter {@code name} of a module as a matrix. */
    static double[][] param(Module m, String name) {
        INDArray p = m.namedParameters().get(name).data();
        return p.rank() == 1 ? new double[][] {vector(p)} : rows(p);
    }

    static double[] paramVector(Module m, String name) {
        return vector(m.namedParameters().get(name).data());
    }

    /** Sets every parameter to small random values (biases are zero at construction). */
    static void randomize(Module m, long seed) {
        Random r = new Random(seed);
        for (Tensor p : m.parameters()) {
            p.data().assign(GradCheck.uniform(r, -0.8, 0.8, p.shape()).castTo(p.dtype()));
        }
    }
}
