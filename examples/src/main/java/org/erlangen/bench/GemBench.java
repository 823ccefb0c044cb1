package org.erlangen.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.erlangen.gauge.GaugeGraph;
import org.erlangen.gauge.GemConv;
import org.erlangen.gauge.Irreps;
import org.erlangen.gauge.RadialRings;
import org.erlangen.kernels.Concurrency;
import org.erlangen.mesh.MeshGraphs;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.mesh.gen.MeshGenerators;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times one GEM convolution layer, forward and backward, on an icosphere of 10,242 vertices (five subdivisions,
 * 61,440 directed edges), float32, features {@code 16x0+16x1+16x2} in and out, two radial rings; the median of
 * several runs after warm-up. The geometry's trigonometric tables are built once before timing, as in training.
 */
public final class GemBench {
    /** Median times in milliseconds. */
    public record Result(int vertices, int edges, String irreps, int threads, double forwardMs, double backwardMs) {
        public String line() {
            return String.format(Locale.ROOT, "gem_forward_ms=%.1f gem_backward_ms=%.1f vertices=%d edges=%d "
                    + "threads=%d", forwardMs, backwardMs, vertices, edges, threads);
        }
    }

    private final int subdivisions;
    private final Irreps irreps;
    private final long seed;

    public GemBench(int subdivisions, Irreps irreps, long seed) {
        this.subdivisions = subdivisions;
        this.irreps = irreps;
        this.seed = seed;
    }

    /** The benchmark of the class description. */
    public static GemBench standard() {
        return new GemBench(5, Irreps.parse("16x0+16x1+16x2"), 42);
    }

    public Result run(int runs, int warmup) {
        TriangleMesh mesh = MeshGenerators.icosphere(1, subdivisions);
        GaugeGraph graph = GaugeGraph.of(MeshGraphs.build(mesh, MeshGraphs.Options.defaults()));
        GemConv conv = new GemConv(irreps, irreps, RadialRings.defaults(), true, new Random(seed), DataType.FLOAT);
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, graph.nodeCount(), irreps.dim());
        INDArray seedGrad = Nd4j.randn(DataType.FLOAT, graph.nodeCount(), irreps.dim());
        double[] forward = new double[runs];
        double[] backward = new double[runs];
        for (int i = 0; i < warmup + runs; i++) {
            try (var ws = Workspace.step()) {
                Tensor input = Tensor.parameter(x);
                long t0 = System.nanoTime();
                Tensor y = conv.forward(graph, input);
                long t1 = System.nanoTime();
                y.backward(seedGrad);
                long t2 = System.nanoTime();
                conv.zeroGrad();
                if (i >= warmup) {
                    forward[i - warmup] = (t1 - t0) / 1e6;
                    backward[i - warmup] = (t2 - t1) / 1e6;
                }
            }
        }
        return new Result(graph.nodeCount(), graph.edgeCount(), irreps.toString(), Concurrency.level(),
                median(forward), median(backward));
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Prints the setting and a line {@code gem_forward_ms=... gem_backward_ms=... ...}. */
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        GemBench bench = standard();
        Result r = bench.run(runs, 3);
        System.out.printf(Locale.ROOT, "GEM conv %s -> %s on an icosphere: %,d vertices, %,d edges, %d threads; "
                + "median of %d runs%n", r.irreps(), r.irreps(), r.vertices(), r.edges(), r.threads(), runs);
        System.out.println(r.line());
    }
}
