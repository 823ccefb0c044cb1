package org.erlangen.gauge;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.Group;
import org.erlangen.testing.Tolerance;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gauge changes as a group of the symmetry kit ({@link Equivariance}): the frame of every level-0 point v turns by
 * an angle alpha_v; the geometry follows ({@link GaugeGraph#withGauge} or {@link MeshHierarchy#withGauge}, or the
 * caller's geometry recomputed from turned frames, {@link #regaugedBy}); features of the declared input type turn by
 * {@code rho_in(-alpha_v)}, and an equivariant layer's output must be {@code rho_out(-alpha_v)} times the old one.
 * {@link #of(GaugeLayer)} reads the types from what the layer declares. Angles are uniform in [0, 2 pi) unless a test
 * asks for others ({@link #inMultiplesOf}, for the sampled nonlinearity).
 */
final class GaugeChanges<G> implements Group<Gauged<G>> {
    /** How a test draws the angles of the level-0 points. */
    @FunctionalInterface
    interface Angles {
        double[] draw(int points, Random random);
    }

    private final Irreps in;
    private final Irreps out;
    private final ToIntFunction<G> points;
    private final BiFunction<G, double[], double[]> inAngles;
    private final BiFunction<G, double[], double[]> outAngles;
    private final String geometryRule;
    private final BiFunction<G, double[], G> regauge;
    private final String angleRule;
    private final Angles angles;

    private GaugeChanges(Irreps in, Irreps out, ToIntFunction<G> points, BiFunction<G, double[], double[]> inAngles,
            BiFunction<G, double[], double[]> outAngles, String geometryRule, BiFunction<G, double[], G> regauge,
            String angleRule, Angles angles) {
        this.in = in;
        this.out = out;
        this.points = points;
        this.inAngles = inAngles;
        this.outAngles = outAngles;
        this.geometryRule = geometryRule;
        this.regauge = regauge;
        this.angleRule = angleRule;
        this.angles = angles;
    }

    /** Gauge changes of a layer on one gauge graph, with the types it declares. */
    static GaugeChanges<GaugeGraph> of(GaugeLayer layer) {
        return of(layer.irrepsIn(), layer.irrepsOut());
    }

    /** Gauge changes of features of type {@code in} on a gauge graph, giving features of type {@code out}. */
    static GaugeChanges<GaugeGraph> of(Irreps in, Irreps out) {
        return new GaugeChanges<>(in, out, GaugeGraph::nodeCount, (g, a) -> a, (g, a) -> a, "withGauge",
                GaugeGraph::withGauge, "uniform", GaugeChanges::randomAngles);
    }

    /**
     * Gauge changes of a mesh hierarchy, for a map from features of type {@code in} at level {@code inLevel} to
     * features of type {@code out} at level {@code outLevel}: a coarse point turns with the vertex it is.
     */
    static GaugeChanges<MeshHierarchy> between(Irreps in, int inLevel, Irreps out, int outLevel) {
        return new GaugeChanges<>(in, out, h -> h.level(0).nodeCount(), (h, a) -> h.gaugeOfLevel(a, inLevel),
                (h, a) -> h.gaugeOfLevel(a, outLevel), "withGauge", MeshHierarchy::withGauge, "uniform",
                GaugeChanges::randomAngles);
    }

    /** The geometry in the new gauge by another rule, such as recomputed from turned frames. */
    GaugeChanges<G> regaugedBy(String rule, BiFunction<G, double[], G> geometry) {
        return new GaugeChanges<>(in, out, points, inAngles, outAngles, rule, geometry, angleRule, angles);
    }

    /** Angles drawn by another rule. */
    GaugeChanges<G> withAngles(String rule, Angles draw) {
        return new GaugeChanges<>(in, out, points, inAngles, outAngles, geometryRule, regauge, rule, draw);
    }

    /** Angles that are random multiples of {@code 2 pi / n}. */
    GaugeChanges<G> inMultiplesOf(int n) {
        return withAngles("multiples of 2 pi / " + n, (count, random) -> {
            double[] alpha = new double[count];
            for (int v = 0; v < count; v++) {
                alpha[v] = 2 * Math.PI * random.nextInt(n) / n;
            }
            return alpha;
        });
    }

    @Override
    public String name() {
        return "gauge changes (" + angleRule + " angles, geometry by " + geometryRule + ") of " + in + " -> " + out;
    }

    @Override
    public Element<Gauged<G>> draw(Gauged<G> input, Random random) {
        G geometry = input.geometry();
        double[] alpha = angles.draw(points.applyAsInt(geometry), random);
        double[] inTurn = negate(inAngles.apply(geometry, alpha));
        double[] outTurn = negate(outAngles.apply(geometry, alpha));
        return Element.of("alpha = " + show(alpha),
                x -> new Gauged<>(regauge.apply(x.geometry(), alpha),
                        in.rotate(Tensor.constant(x.features()), inTurn).data()),
                y -> out.rotate(Tensor.constant(y), outTurn).data());
    }

    /**
     * The check of a layer on one gauge graph in float64 and float32: random features of its declared input type
     * (standard normal, {@code seed}), float64 within {@code float64} and float32 within the exact tolerance.
     */
    static void assertEquivariant(Function<DataType, ? extends GaugeLayer> make, GaugeGraph graph, long seed,
            Tolerance float64) {
        GaugeLayer layer = make.apply(DataType.DOUBLE);
        Equivariance.assertEquivariant(of(layer), onRandomFeatures(layer, graph, DataType.DOUBLE, seed), float64);
        Equivariance.assertEquivariant(of(layer), onRandomFeatures(make.apply(DataType.FLOAT), graph, DataType.FLOAT,
                seed));
    }

    /** A layer on random features of its declared input type (standard normal, {@code seed}), in {@code dtype}. */
    static Case<Gauged<GaugeGraph>> onRandomFeatures(GaugeLayer layer, GaugeGraph graph, DataType dtype, long seed) {
        INDArray x = randomFeatures(layer.irrepsIn(), graph.nodeCount(), new Random(seed)).castTo(dtype);
        return Case.of(new Gauged<>(graph, x), in -> layer.forward(in.geometry(), Tensor.constant(in.features())))
                .named(layer.getClass().getSimpleName());
    }

    /** Uniform angles in [0, 2 pi). */
    static double[] randomAngles(int n, Random random) {
        double[] alpha = new double[n];
        for (int v = 0; v < n; v++) {
            alpha[v] = 2 * Math.PI * random.nextDouble();
        }
        return alpha;
    }

    /** Standard normal float64 features [n, irreps.dim()]. */
    static INDArray randomFeatures(Irreps irreps, int n, Random random) {
        double[] x = new double[n * irreps.dim()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        return Nd4j.createFromArray(x).reshape('c', n, irreps.dim());
    }

    static double[] negate(double[] a) {
        return Arrays.stream(a).map(v -> -v).toArray();
    }

    private static String show(double[] alpha) {
        StringBuilder s = new StringBuilder("[");
        for (int v = 0; v < Math.min(alpha.length, 6); v++) {
            s.append(v == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", alpha[v]));
        }
        return s.append(alpha.length > 6 ? ", ... of " + alpha.length + "]" : "]").toString();
    }
}
