package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.opentest4j.AssertionFailedError;

/** The gauge action of the symmetry kit passes a map that commutes with rotations and catches one that does not. */
class GaugeChangesTest {
    /** A pointwise linear map of order-1 features, {@code x M} for a 2 x 2 matrix M. */
    private static GaugeLayer pointwise(double[][] m) {
        Irreps vector = Irreps.parse("1x1");
        return new GaugeLayer() {
            @Override
            public Irreps irrepsIn() {
                return vector;
            }

            @Override
            public Irreps irrepsOut() {
                return vector;
            }

            @Override
            public Tensor forward(GaugeGraph graph, Tensor x) {
                return Ops.matmul(x, Tensor.constant(Nd4j.createFromArray(m).castTo(x.dtype())));
            }
        };
    }

    @Test
    void aTurnByAFixedAnglePassesAndAStretchFails() {
        GaugeGraph g = TestGeometry.randomGaugeGraph(20, 40, 1);
        double c = Math.cos(0.7);
        double s = Math.sin(0.7);
        // a rotation commutes with every rotation; scaling one axis does not
        GaugeChanges.assertEquivariant(dtype -> pointwise(new double[][] {{c, s}, {-s, c}}), g, 2,
                Tolerance.FLOAT64);
        GaugeLayer stretch = pointwise(new double[][] {{1, 0}, {0, 2}});
        var e = assertThrows(AssertionFailedError.class, () -> Equivariance.assertEquivariant(
                GaugeChanges.of(stretch), GaugeChanges.onRandomFeatures(stretch, g, DataType.DOUBLE, 2)));
        assertTrue(e.getMessage().contains("gauge changes") && e.getMessage().contains("alpha = ["),
                e.getMessage());
    }

    @Test
    void aLayerThatReadsTheGeometryMustSeeItInTheNewGauge() {
        // GEM convolution on the old geometry with features in the new gauge is not equivariant
        GaugeGraph g = TestGeometry.randomGaugeGraph(20, 60, 3);
        GemConv conv = new GemConv(Irreps.parse("1x0+1x1"), Irreps.parse("1x0+1x1"), RadialRings.defaults(), true,
                new Random(4), DataType.DOUBLE);
        GaugeChanges<GaugeGraph> stale = GaugeChanges.of(conv).regaugedBy("nothing", (graph, alpha) -> graph);
        assertThrows(AssertionFailedError.class, () -> Equivariance.assertEquivariant(stale,
                GaugeChanges.onRandomFeatures(conv, g, DataType.DOUBLE, 5)));
    }
}
