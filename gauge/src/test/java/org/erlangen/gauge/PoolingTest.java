package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.erlangen.mesh.MeshGraph;
import org.erlangen.mesh.VertexFrames;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class PoolingTest {
    private static final Irreps TYPE = Irreps.parse("1x0+2x1+1x2");
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
        INDArray x = GaugeEquivariance.randomFeatures(TYPE, 162, new Random(4));
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
        Random random = new Random(6);
        double[] alpha = GaugeEquivariance.randomAngles(162, random);
        GaugeGraph level0 = GaugeGraph.fromFrames(mesh.graph(), mesh.halfEdges().mesh().positions(),
                TestGeometry.turned(mesh.geometry().frames(), alpha));
        MeshHierarchy turned = MeshHierarchy.build(level0, mesh.halfEdges().mesh().positions(),
                TestGeometry.turned(mesh.geometry().frames(), alpha), SPEC);
        double[] error = equivarianceErrors(h, turned, alpha, random);
        assertTrue(error[0] <= 1e-9 && error[1] <= 1e-9, "pool " + error[0] + ", unpool " + error[1]);
        double[] formulaError = equivarianceErrors(h, h.withGauge(alpha), alpha, random);
        assertTrue(formulaError[0] <= 1e-12 && formulaError[1] <= 1e-12, java.util.Arrays.toString(formulaError));
    }

    /** Largest error of pool and unpool over the levels, for a hierarchy and the same in the gauge alpha. */
    static double[] equivarianceErrors(MeshHierarchy h, MeshHierarchy gauged, double[] alpha, Random random) {
        double poolError = 0;
        double unpoolError = 0;
        for (int l = 0; l + 1 < h.levelCount(); l++) {
            double[] fine = GaugeEquivariance.negate(h.gaugeOfLevel(alpha, l));
            double[] coarse = GaugeEquivariance.negate(h.gaugeOfLevel(alpha, l + 1));
            INDArray x = GaugeEquivariance.randomFeatures(TYPE, h.level(l).nodeCount(), random);
            Tensor y = h.pool(l).pool(Tensor.constant(x), TYPE);
            Tensor yGauged = gauged.pool(l).pool(TYPE.rotate(Tensor.constant(x), fine), TYPE);
            poolError = Math.max(poolError, GaugeEquivariance.maxAbsDifference(yGauged.data(),
                    TYPE.rotate(y, coarse).data()));
            INDArray z = GaugeEquivariance.randomFeatures(TYPE, h.level(l + 1).nodeCount(), random);
            Tensor up = h.pool(l).unpool(Tensor.constant(z), TYPE);
            Tensor upGauged = gauged.pool(l).unpool(TYPE.rotate(Tensor.constant(z), coarse), TYPE);
            unpoolError = Math.max(unpoolError, GaugeEquivariance.maxAbsDifference(upGauged.data(),
                    TYPE.rotate(up, fine).data()));
        }
        return new double[] {poolError, unpoolError};
    }

    @Test
    void aBatchActsLikeItsMeshesApart() {
        MeshHierarchy a = MeshHierarchy.build(mesh(7), SPEC);
        MeshHierarchy b = MeshHierarchy.build(TestGeometry.meshGraph(TestGeometry.bumpySphere(1, 8),
                DataType.DOUBLE), new MeshHierarchy.Spec(2, 0.5, 9));
        MeshHierarchy batch = MeshHierarchy.batch(List.of(a, b));
        assertEquals(2, batch.meshCount());
        Random random = new Random(10);
        INDArray xa = GaugeEquivariance.randomFeatures(TYPE, a.level(0).nodeCount(), random);
        INDArray xb = GaugeEquivariance.randomFeatures(TYPE, b.level(0).nodeCount(), random);
        GemConv conv = new GemConv(TYPE, TYPE, RadialRings.defaults(), true, new Random(11), DataType.DOUBLE);
        INDArray joint = run(batch, conv, org.nd4j.linalg.factory.Nd4j.vstack(xa, xb));
        INDArray apart = org.nd4j.linalg.factory.Nd4j.vstack(run(a, conv, xa), run(b, conv, xb));
        assertTrue(apart.equalsWithEps(joint, 1e-13));
        // batched gauges: level-0 angles of mesh b are offset by mesh a's vertex count
        double[] alpha = GaugeEquivariance.randomAngles(batch.level(0).nodeCount(), random);
        double[] e = equivarianceErrors(batch, batch.withGauge(alpha), alpha, random);
        assertTrue(e[0] < 1e-12 && e[1] < 1e-12);
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
        GradCheck.check(in -> pool.pool(in.get(0), t), GaugeEquivariance.randomFeatures(t, 42, new Random(14)));
        GradCheck.check(in -> pool.unpool(in.get(0), t), GaugeEquivariance.randomFeatures(t, 13, new Random(15)));
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
