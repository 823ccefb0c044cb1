package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.erlangen.sparse.Segments;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class InvariantReadoutTest {
    private static final Irreps TYPE = Irreps.parse("2x0+1x1+1x2+1x0");

    @Test
    void keepsScalarsAndTakesNormsOfTheRest() {
        InvariantReadout readout = new InvariantReadout(TYPE);
        assertEquals(5, readout.width());
        INDArray x = Nd4j.createFromArray(new double[][] {{1, -2, 3, 4, 0, -5, 7}});
        INDArray y = readout.invariants(Tensor.constant(x)).data();
        double eps = InvariantReadout.EPS;
        assertTrue(Nd4j.createFromArray(new double[][] {{1, -2, Math.sqrt(25 + eps), Math.sqrt(25 + eps), 7}})
                .equalsWithEps(y, 1e-15));
    }

    @Test
    void isGaugeInvariantAndAveragesPerMesh() {
        InvariantReadout readout = new InvariantReadout(TYPE);
        Segments meshes = Segments.ofSizes(new int[] {4, 6});
        // the readout reads no geometry: a gauge graph of ten points without edges carries the gauge
        GaugeGraph points = TestGeometry.randomGaugeGraph(10, 0, 1);
        for (DataType dtype : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            INDArray features = GaugeChanges.randomFeatures(TYPE, 10, new Random(1)).castTo(dtype);
            Equivariance.assertInvariant(GaugeChanges.of(TYPE, TYPE), Case.of(new Gauged<>(points, features),
                    in -> readout.forward(Tensor.constant(in.features()), meshes)).named("InvariantReadout"),
                    dtype == DataType.DOUBLE ? Tolerance.absolute(1e-14) : Tolerance.exact(dtype));
        }
        INDArray x = GaugeChanges.randomFeatures(TYPE, 10, new Random(1));
        INDArray y = readout.forward(Tensor.constant(x), meshes).data();
        INDArray perPoint = readout.invariants(Tensor.constant(x)).data();
        assertTrue(perPoint.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).mean(0).equalsWithEps(y.getRow(0), 1e-15));
    }

    @Test
    void hasTheRightGradientInBothPrecisions() {
        InvariantReadout readout = new InvariantReadout(TYPE);
        GradCheck.check(in -> readout.forward(in.get(0), Segments.ofSizes(new int[] {2, 3})),
                GaugeChanges.randomFeatures(TYPE, 5, new Random(2)));
        INDArray x = GaugeChanges.randomFeatures(TYPE, 5, new Random(3));
        INDArray y32 = readout.invariants(Tensor.constant(x.castTo(DataType.FLOAT))).data();
        assertEquals(DataType.FLOAT, y32.dataType());
        assertTrue(readout.invariants(Tensor.constant(x)).data().castTo(DataType.FLOAT).equalsWithEps(y32, 1e-6));
    }
}
