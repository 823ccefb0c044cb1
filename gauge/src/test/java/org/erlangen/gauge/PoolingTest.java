package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.erlangen.graph.Graph;
import org.erlangen.mesh.MeshGraph;
import org.erlangen.mesh.VertexFrames;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Comparison;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class PoolingTest {
    static final Irreps TYPE = Irreps.parse("1x0+2x1+1x2");
    private static final MeshHierarchy.Spec SPEC = new MeshHierarchy.Spec(2, 0.25, 3);

    private static MeshGraph mesh(long seed) {
        return TestGeometry.meshGraph(TestGeometry.bumpySphere(2, seed), DataType.DOUBLE);
    }

    @Test
    void levelsShrinkAndCoarseGraphsAreSymmetricWithoutLoops() {
        MeshHierarchy h = MeshHierarchy.build(mesh(1), SPEC);
        assertEquals(3, h.levelCount());
        assertEquals(162, h.level(0).nodeCount());
        assertEquals(41, h.level(1).nodeCount());
        assertEquals(10, h.level(2).nodeCount());
        for (int l = 1; l < 3; l++) {
            GaugeGraph g = h.level(l);
            Set<Long> edges = new HashSet<>();
            int[] s = g.graph().senders();
            int[] r = g.graph().receivers();
            for (int e = 0; e < s.length; e++) {
                assertTrue(s[e] != r[e], "self loop at level " + l);
                edges.add(((long) s[e] << 32) | r[e]);
            }
            for (int e = 0; e < s.length; e++) {
                assertTrue(edges.contains(((long) r[e] << 32) | s[e]), "edge without reverse at level " + l);
            }
            for (int d : g.graph().inDegrees()) {
                assertTrue(d >= 2, "a coarse point on a sphere has neighbours on both sides");
            }
        }
    }

    @Test
    void poolingIsTheMeanOfTransportedFeatures() {
        MeshGraph mesh = mesh(2);
        MeshHierarchy h = MeshHierarchy.build(mesh, SPEC);
        TransportPool pool = h.pool(0);
        VertexFrames frames = mesh.geometry().frames();
        int[] points = h.points(1);
        INDArray x = GaugeChanges.randomFeatures(TYPE, 162, new Random(4));
        INDArray y = pool.pool(Tensor.constant(x), TYPE).data();
        int[] parent = pool.parent();
        for (int c = 0; c < points.length; c++) {
            INDArray sum = org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, TYPE.dim(), 1);
            int count = 0;
            for (int i = 0; i < 162; i++) {
                if (parent[i] == c) {
                    double g = VertexFrames.connection(frames, i, frames, points[c]);
                    sum.addi(TYPE.representation(g, DataType.DOUBLE).mmul(x.getRow(i).reshape(-1, 1)));
                    count++;
                }
            }
            assertTrue(count >= 1);
            assertTrue(sum.reshape(-1).divi(count).equalsWithEps(y.getRow(c), 1e-13), "coarse point " + c);
            assertEquals(c, parent[points[c]], "a sampled vertex pools into itself");
        }
        // unpooling: each fine point gets its parent's feature in its own frame; a coarse point gets its own back
        INDArray up = pool.unpool(Tensor.constant(y), TYPE).data();
        for (int c = 0; c < points.length; c++) {
            assertTrue(up.getRow(points[c]).equalsWithEps(y.getRow(c), 1e-13));
        }
        int i = 7;
        double g = VertexFrames.connection(frames, points[parent[i]], frames, i);
        INDArray expected = TYPE.representation(g, DataType.DOUBLE).mmul(y.getRow(parent[i]).reshape(-1, 1));
        assertTrue(expected.reshape(-1).equalsWithEps(up.getRow(i), 1e-13));
    }

    @Test
    void poolingAndUnpoolingAreGaugeEquivariantWithTurnedFrames() {
        MeshGraph mesh = mesh(5);
        MeshHierarchy h = MeshHierarchy.build(mesh, SPEC);
        double[] positions = mesh.halfEdges().mesh().positions();
        var turned = turnedFrames(mesh.graph(), positions, mesh.geometry().frames(), SPEC);
        for (DataType dtype : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            boolean float64 = dtype == DataType.DOUBLE;
            for (Comparison c : comparisons(h, TYPE, changes -> changes.regaugedBy("turned frames", turned), dtype,
                    6)) {
                c.assertWithin(float64 ? Tolerance.absolute(1e-9) : Tolerance.exact(dtype));
            }
            for (Comparison c : comparisons(h, TYPE, changes -> changes, dtype, 6)) {
                c.assertWithin(float64 ? Tolerance.absolute(1e-12) : Tolerance.exact(dtype));
            }
        }
    }

    /**
     * The hierarchy recomputed from frames turned by the gauge angles: built once for each set of angles, since the
     * checks of every level draw the same angles from the same seed.
     */
    static BiFunction<MeshHierarchy, double[], MeshHierarchy> turnedFrames(Graph graph, double[] positions,
            VertexFrames frames, MeshHierarchy.Spec spec) {
        Map<List<Double>, MeshHierarchy> built = new HashMap<>();
        return (h, alpha) -> built.computeIfAbsent(Arrays.stream(alpha).boxed().toList(), key -> {
            VertexFrames turned = TestGeometry.turned(frames, alpha);
            return MeshHierarchy.build(GaugeGraph.fromFrames(graph, positions, turned), positions, turned, spec);
        });
    }

    /**
     * Both sides of the kit's check for pooling from every level to the next and unpooling back, on random features of
     * {@code type}, in gauge changes whose geometry {@code geometry} may recompute (from turned frames).
     */
    static List<Comparison> comparisons(MeshHierarchy h, Irreps type,
            UnaryOperator<GaugeChanges<MeshHierarchy>> geometry, DataType dtype, long seed) {
        Random random = new Random(seed);
        List<Comparison> out = new ArrayList<>();
        for (int l = 0; l + 1 < h.levelCount(); l++) {
            int level = l;
            INDArray fine = GaugeChanges.randomFeatures(type, h.level(l).nodeCount(), random).castTo(dtype);
            out.add(Equivariance.compare(geometry.apply(GaugeChanges.between(type, l, type, l + 1)),
                    Case.of(new Gauged<>(h, fine), in -> in.geometry().pool(level).pool(Tensor.constant(in.features()),
                            type))
                    .named("pooling from level " + l).withSeed(seed)));
            INDArray coarse = GaugeChanges.randomFeatures(type, h.level(l + 1).nodeCount(), random).castTo(dtype);
            out.add(Equivariance.compare(geometry.apply(GaugeChanges.between(type, l + 1, type, l)),
                    Case.of(new Gauged<>(h, coarse), in -> in.geometry().pool(level).unpool(
                            Tensor.constant(in.features()), type))
                    .named("unpooling to level " + l).withSeed(seed)));
        }
        return out;
    }

    @Test
    void aBatchActsLikeItsMeshesApart() {
        MeshHierarchy a = MeshHierarchy.build(mesh(7), SPEC);
        MeshHierarchy b = MeshHierarchy.build(TestGeometry.meshGraph(TestGeometry.bumpySphere(1, 8),
                DataType.DOUBLE), new MeshHierarchy.Spec(2, 0.5, 9));
        MeshHierarchy batch = MeshHierarchy.batch(List.of(a, b));
        assertEquals(2, batch.meshCount());
        Random random = new Random(10);
        INDArray xa = GaugeChanges.randomFeatures(TYPE, a.level(0).nodeCount(), random);
        INDArray xb = GaugeChanges.randomFeatures(TYPE, b.level(0).nodeCount(), random);
        GemConv conv = new GemConv(TYPE, TYPE, RadialRings.defaults(), true, new Random(11), DataType.DOUBLE);
        INDArray joint = run(batch, conv, org.nd4j.linalg.factory.Nd4j.vstack(xa, xb));
        INDArray apart = org.nd4j.linalg.factory.Nd4j.vstack(run(a, conv, xa), run(b, conv, xb));
        assertTrue(apart.equalsWithEps(joint, 1e-13));
        // batched gauges: level-0 angles of mesh b are offset by mesh a's vertex count
        for (Comparison c : comparisons(batch, TYPE, changes -> changes, DataType.DOUBLE, 10)) {
            c.assertWithin(Tolerance.absolute(1e-12));
        }
    }

    private static INDArray run(MeshHierarchy h, GemConv conv, INDArray x) {
        Tensor t = conv.forward(h.level(0), Tensor.constant(x));
        t = conv.forward(h.level(1), h.pool(0).pool(t, TYPE));
        return h.pool(0).unpool(h.pool(1).unpool(h.pool(1).pool(t, TYPE), TYPE), TYPE).data();
    }

    @Test
    void poolingHasTheRightGradient() {
        MeshHierarchy h = MeshHierarchy.build(TestGeometry.meshGraph(TestGeometry.bumpySphere(1, 12),
                DataType.DOUBLE), new MeshHierarchy.Spec(1, 0.3, 13));
        TransportPool pool = h.pool(0);
        Irreps t = Irreps.parse("1x0+1x1+1x2");
        GradCheck.check(in -> pool.pool(in.get(0), t), GaugeChanges.randomFeatures(t, 42, new Random(14)));
        GradCheck.check(in -> pool.unpool(in.get(0), t), GaugeChanges.randomFeatures(t, 13, new Random(15)));
    }

    @Test
    void badPoolingArraysAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> TransportPool.of(3, 2, new int[] {0, 1, 2},
                new int[] {0, 0, 0}, new double[3], new int[] {0, 0, 0}, new double[3]));
        assertTrue(e.getMessage().contains("coarse point 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TransportPool.of(2, 1, new int[] {0, 1},
                new int[] {0, 0}, new double[2], new int[] {0, 4}, new double[2]));
        assertTrue(e.getMessage().contains("parent of fine point 1"), e.getMessage());
    }
}
