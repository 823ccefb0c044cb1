package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.erlangen.graph.Graph;
import org.erlangen.mesh.MeshGraph;
import org.erlangen.mesh.VertexFrames;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GemConvTest {
    private static final Irreps IN = Irreps.parse("2x0+1x1+1x2");
    private static final Irreps OUT = Irreps.parse("1x0+2x1+1x3");

    private static GemConv conv(Irreps in, Irreps out, RadialRings rings, long seed, DataType dtype) {
        GemConv conv = new GemConv(in, out, rings, true, new Random(seed), dtype);
        // a non-zero bias, so the test sees where it goes
        INDArray bias = conv.namedParameters().get("self.bias").data();
        bias.assign(Nd4j.rand(DataType.DOUBLE, bias.shape()).castTo(dtype));
        return conv;
    }

    @Test
    void matchesTheMessageFormula() {
        GaugeGraph g = TestGeometry.randomGaugeGraph(9, 30, 1);
        RadialRings rings = new RadialRings(3, 0.5, 1.5);
        GemConv conv = conv(IN, OUT, rings, 2, DataType.DOUBLE);
        INDArray x = GaugeChanges.randomFeatures(IN, 9, new Random(3));
        INDArray y = conv.forward(g, Tensor.constant(x)).data();

        // out_p = x_p W_self + b + (1/deg p) sum_{q->p} sum_k w_k(r) rho_out(theta) W_k^T rho_in(-theta) rho_in(g) x_q
        INDArray expected = x.mmul(conv.selfInteraction().matrix().data());
        INDArray bias = conv.namedParameters().get("self.bias").data();
        expected.getColumn(OUT.column(0, 0)).addi(bias.getDouble(0));
        int[] s = g.graph().senders();
        int[] r = g.graph().receivers();
        int[] degree = g.graph().inDegrees();
        double[] theta = g.angle();
        double[] conn = g.connection();
        double[] radius = g.radius();
        INDArray w = conv.weight().data();
        for (int e = 0; e < s.length; e++) {
            double[] ringWeights = new double[3];
            rings.weights(radius[e], ringWeights, 0);
            INDArray xq = x.getRow(s[e]).reshape(-1, 1);
            INDArray u = IN.representation(-theta[e], DataType.DOUBLE).mmul(IN.representation(conn[e],
                    DataType.DOUBLE)).mmul(xq);
            for (int k = 0; k < 3; k++) {
                INDArray wk = w.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(k * IN.dim(), (k + 1) * IN.dim()),
                        org.nd4j.linalg.indexing.NDArrayIndex.all());
                INDArray m = OUT.representation(theta[e], DataType.DOUBLE).mmul(wk.transpose().mmul(u))
                        .muli(ringWeights[k] / degree[r[e]]);
                expected.getRow(r[e]).addi(m.reshape(-1));
            }
        }
        assertTrue(expected.equalsWithEps(y, 1e-12), "GEM conv differs from its message formula");
    }

    @Test
    void theKernelSatisfiesTheConstraint() {
        // K(theta) = rho_out(theta) W^T rho_in(-theta); the paper's constraint K(theta - g) = rho_out(-g) K(theta)
        // rho_in(g) must hold for every theta and g.
        GemConv conv = conv(IN, OUT, RadialRings.single(), 4, DataType.DOUBLE);
        INDArray wt = conv.weight().data().transpose();
        Random random = new Random(5);
        for (int i = 0; i < 10; i++) {
            double theta = 2 * Math.PI * random.nextDouble();
            double g = 2 * Math.PI * random.nextDouble();
            INDArray left = kernel(wt, theta - g);
            INDArray right = OUT.representation(-g, DataType.DOUBLE).mmul(kernel(wt, theta))
                    .mmul(IN.representation(g, DataType.DOUBLE));
            assertTrue(left.equalsWithEps(right, 1e-13));
        }
    }

    private static INDArray kernel(INDArray wt, double theta) {
        return OUT.representation(theta, DataType.DOUBLE).mmul(wt).mmul(IN.representation(-theta, DataType.DOUBLE));
    }

    @Test
    void messagesFlowFromSenderToReceiver() {
        // edge 0 -> 1 only: node 1 hears node 0, node 0 hears nobody
        Graph graph = Graph.builder(2).edges(new int[] {0}, new int[] {1}).build();
        GaugeGraph g = GaugeGraph.of(graph, new double[] {1}, new double[] {0.4}, new double[] {0.9});
        Irreps irreps = Irreps.parse("1x0+1x1");
        GemConv conv = new GemConv(irreps, irreps, RadialRings.single(), false, new Random(6), DataType.DOUBLE);
        conv.selfInteraction().namedParameters().values().forEach(p -> p.data().assign(0));
        INDArray onlyNode0 = Nd4j.createFromArray(new double[][] {{1, 0.5, -0.3}, {0, 0, 0}});
        INDArray y = conv.forward(g, Tensor.constant(onlyNode0)).data();
        assertEquals(0, y.getRow(0).amaxNumber().doubleValue(), 0);
        assertTrue(y.getRow(1).amaxNumber().doubleValue() > 1e-3);
        INDArray onlyNode1 = Nd4j.createFromArray(new double[][] {{0, 0, 0}, {1, 0.5, -0.3}});
        assertEquals(0, conv.forward(g, Tensor.constant(onlyNode1)).data().amaxNumber().doubleValue(), 0);
    }

    @Test
    void isGaugeEquivariantOnRandomGeometry() {
        List<Irreps[]> types = List.of(
                new Irreps[] {IN, OUT},
                new Irreps[] {Irreps.parse("3x0"), Irreps.regular(2, 2)},
                new Irreps[] {Irreps.regular(2, 3), Irreps.parse("2x0")},
                new Irreps[] {Irreps.parse("1x2+1x0+2x1"), Irreps.parse("2x1+1x4+1x0")});
        GaugeGraph g = TestGeometry.randomGaugeGraph(30, 150, 7);
        for (Irreps[] t : types) {
            GaugeChanges.assertEquivariant(dtype -> conv(t[0], t[1], new RadialRings(3, 0.5, 1.5), 8, dtype), g, 9,
                    Tolerance.absolute(1e-12));
        }
    }

    @Test
    void aGaugeChangeOfTheFramesChangesTheGeometryAsDerived() {
        MeshGraph mesh = TestGeometry.meshGraph(TestGeometry.bumpySphere(2, 10), DataType.DOUBLE);
        GaugeGraph g = GaugeGraph.of(mesh);
        double[] positions = mesh.halfEdges().mesh().positions();
        VertexFrames frames = mesh.geometry().frames();
        // recomputing from the mesh's own frames gives the mesh geometry exactly
        GaugeGraph same = GaugeGraph.fromFrames(mesh.graph(), positions, frames);
        assertArrayEqualsExactly(g.angle(), same.angle());
        assertArrayEqualsExactly(g.connection(), same.connection());
        double[] alpha = GaugeChanges.randomAngles(g.nodeCount(), new Random(11));
        GaugeGraph turned = GaugeGraph.fromFrames(mesh.graph(), positions, TestGeometry.turned(frames, alpha));
        GaugeGraph formula = g.withGauge(alpha);
        double worst = 0;
        for (int e = 0; e < g.edgeCount(); e++) {
            worst = Math.max(worst, Math.abs(TestGeometry.wrap(turned.angle()[e] - formula.angle()[e])));
            worst = Math.max(worst, Math.abs(TestGeometry.wrap(turned.connection()[e] - formula.connection()[e])));
        }
        assertTrue(worst < 1e-12, "turned frames disagree with theta - alpha_p, g + alpha_q - alpha_p by " + worst);
    }

    private static void assertArrayEqualsExactly(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 0, "entry " + i);
        }
    }

    @Test
    void isGaugeEquivariantOnAMeshWithTurnedFrames() {
        MeshGraph mesh = TestGeometry.meshGraph(TestGeometry.bumpySphere(2, 12), DataType.DOUBLE);
        GaugeGraph g = GaugeGraph.of(mesh);
        double[] positions = mesh.halfEdges().mesh().positions();
        VertexFrames frames = mesh.geometry().frames();
        for (DataType dtype : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            GemConv conv = conv(Irreps.regular(2, 2), Irreps.parse("1x0+1x1+2x2+1x3"), RadialRings.defaults(), 14,
                    dtype);
            GaugeChanges<GaugeGraph> turnedFrames = GaugeChanges.of(conv).regaugedBy("turned frames", (graph, alpha) ->
                    GaugeGraph.fromFrames(mesh.graph(), positions, TestGeometry.turned(frames, alpha)));
            Equivariance.assertEquivariant(turnedFrames, GaugeChanges.onRandomFeatures(conv, g, dtype, 13),
                    dtype == DataType.DOUBLE ? Tolerance.absolute(1e-9) : Tolerance.exact(dtype));
        }
    }

    @Test
    void gradientsOfParametersAndInputMatchFiniteDifferences() {
        GaugeGraph g = TestGeometry.randomGaugeGraph(8, 24, 15);
        GemConv conv = conv(Irreps.parse("1x0+1x1+1x2"), Irreps.parse("2x0+1x1"), new RadialRings(2, 0.5, 1.5), 16,
                DataType.DOUBLE);
        Tensor x = Tensor.constant(GaugeChanges.randomFeatures(conv.irrepsIn(), 8, new Random(17)));
        GradCheck.checkParameters(conv, () -> conv.forward(g, x));
        GradCheck.check(in -> conv.forward(g, in.get(0)), x.data());
    }

    @Test
    void float32AgreesWithFloat64() {
        GaugeGraph g = TestGeometry.randomGaugeGraph(40, 200, 18);
        GemConv c64 = conv(IN, OUT, RadialRings.defaults(), 19, DataType.DOUBLE);
        GemConv c32 = new GemConv(IN, OUT, RadialRings.defaults(), true, new Random(0), DataType.FLOAT);
        c32.loadStateDict(c64.stateDict());
        INDArray x = GaugeChanges.randomFeatures(IN, 40, new Random(20));
        INDArray y64 = c64.forward(g, Tensor.constant(x)).data();
        INDArray y32 = c32.forward(g, Tensor.constant(x.castTo(DataType.FLOAT))).data();
        assertEquals(DataType.FLOAT, y32.dataType());
        assertTrue(y64.castTo(DataType.FLOAT).equalsWithEps(y32, 1e-5));
    }

    @Test
    void badInputIsNamed() {
        GaugeGraph g = TestGeometry.randomGaugeGraph(5, 10, 21);
        GemConv conv = conv(IN, OUT, RadialRings.defaults(), 22, DataType.DOUBLE);
        var e = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(g, Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 5, 3))));
        assertTrue(e.getMessage().contains("[5, 6]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(g, Tensor.constant(Nd4j.zeros(DataType.FLOAT, 5, 6))));
        assertTrue(e.getMessage().contains("FLOAT"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RadialRings(2, 1, 1));
    }
}
