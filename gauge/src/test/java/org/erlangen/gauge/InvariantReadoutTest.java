package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.sparse.Segments;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
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
        Random random = new Random(1);
        INDArray x = GaugeEquivariance.randomFeatures(TYPE, 10, random);
        double[] alpha = GaugeEquivariance.randomAngles(10, random);
        Segments meshes = Segments.ofSizes(new int[] {4, 6});
        INDArray y = readout.forward(Tensor.constant(x), meshes).data();
        INDArray yGauged = readout.forward(TYPE.rotate(Tensor.constant(x), alpha), meshes).data();
        assertTrue(GaugeEquivariance.maxAbsDifference(y, yGauged) <= 1e-14);
        INDArray perPoint = readout.invariants(Tensor.constant(x)).data();
        assertTrue(perPoint.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).mean(0).equalsWithEps(y.getRow(0), 1e-15));
    }

    @Test
    void hasTheRightGradientInBothPrecisions() {
        InvariantReadout readout = new InvariantReadout(TYPE);
        GradCheck.check(in -> readout.forward(in.get(0), Segments.ofSizes(new int[] {2, 3})),
                GaugeEquivariance.randomFeatures(TYPE, 5, new Random(2)));
        INDArray x = GaugeEquivariance.randomFeatures(TYPE, 5, new Random(3));
        INDArray y32 = readout.invariants(Tensor.constant(x.castTo(DataType.FLOAT))).data();
        assertEquals(DataType.FLOAT, y32.dataType());
        assertTrue(readout.invariants(Tensor.constant(x)).data().castTo(DataType.FLOAT).equalsWithEps(y32, 1e-6));
    }
}
