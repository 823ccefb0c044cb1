package org.erlangen.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class IrrepsTest {
    @Test
    void parsesPrintsAndMeasures() {
        Irreps irreps = Irreps.parse(" 16x0 + 8x1+2x2 + 3 ");
        assertEquals("16x0+8x1+2x2+1x3", irreps.toString());
        assertEquals(16 + 16 + 4 + 2, irreps.dim());
        assertEquals(3, irreps.maxOrder());
        assertEquals(8, irreps.multiplicity(1));
        assertEquals(0, irreps.multiplicity(4));
        assertEquals(new Irreps.Slice(16, 16, new Irreps.Irrep(8, 1)), irreps.slice(1));
        assertEquals(32, irreps.slices().get(2).offset());
        assertEquals(16 + 2 * 5, irreps.column(1, 5));
        assertEquals(Irreps.parse("16x0+8x1+2x2+1x3"), irreps);
        assertNotEquals(Irreps.parse("8x1+16x0+2x2+1x3"), irreps);
        assertEquals(Irreps.parse("1x0"), Irreps.parse("0"));
    }

    @Test
    void copiesOfAnOrderCountAcrossEntries() {
        Irreps irreps = Irreps.parse("2x1+1x0+1x1");
        assertEquals(3, irreps.multiplicity(1));
        assertEquals(0, irreps.column(1, 0));
        assertEquals(2, irreps.column(1, 1));
        assertEquals(5, irreps.column(1, 2));
        assertThrows(IllegalArgumentException.class, () -> irreps.column(1, 3));
    }

    @Test
    void recognisesRegularTypes() {
        assertTrue(Irreps.regular(4, 2).isRegular());
        assertEquals("4x0+4x1+4x2", Irreps.regular(4, 2).toString());
        assertTrue(Irreps.parse("2x0+3x1+2x0+1x1").isRegular());
        assertFalse(Irreps.parse("4x0+4x2").isRegular());
        assertFalse(Irreps.parse("4x0+3x1").isRegular());
        assertFalse(Irreps.parse("4x1").isRegular());
        assertTrue(Irreps.scalars(3).isRegular());
    }

    @Test
    void badStringsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Irreps.parse("16x0+8y1"));
        assertTrue(e.getMessage().contains("'8y1'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Irreps.parse("0x1"));
        assertTrue(e.getMessage().contains("multiplicity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Irreps.parse("1x0+"));
        assertTrue(e.getMessage().contains("entry 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Irreps.parse("  "));
        assertThrows(IllegalArgumentException.class, () -> Irreps.parse("1x-1"));
    }

    @Test
    void representationIsABlockDiagonalHomomorphism() {
        Irreps irreps = Irreps.parse("1x0+1x1+1x2+1x0");
        INDArray r = irreps.representation(0.3, DataType.DOUBLE);
        assertEquals(1.0, r.getDouble(0, 0), 0);
        assertEquals(Math.cos(0.3), r.getDouble(1, 1), 1e-15);
        assertEquals(-Math.sin(0.3), r.getDouble(1, 2), 1e-15);
        assertEquals(Math.sin(0.6), r.getDouble(4, 3), 1e-15);
        assertEquals(1.0, r.getDouble(5, 5), 0);
        assertEquals(0.0, r.getDouble(0, 5), 0);
        INDArray product = irreps.representation(0.3, DataType.DOUBLE).mmul(irreps.representation(1.1,
                DataType.DOUBLE));
        assertTrue(product.equalsWithEps(irreps.representation(1.4, DataType.DOUBLE), 1e-14));
        assertTrue(r.mmul(r.transpose()).equalsWithEps(org.nd4j.linalg.factory.Nd4j.eye(6).castTo(DataType.DOUBLE),
                1e-14));
    }

    @Test
    void rotateTurnsEachRowByItsAngleInBothPrecisions() {
        Irreps irreps = Irreps.parse("2x0+2x1+1x3");
        Random random = new Random(3);
        INDArray x = GaugeChanges.randomFeatures(irreps, 7, random);
        double[] angles = GaugeChanges.randomAngles(7, random);
        INDArray y = irreps.rotate(Tensor.constant(x), angles).data();
        INDArray y32 = irreps.rotate(Tensor.constant(x.castTo(DataType.FLOAT)), angles).data();
        assertEquals(DataType.FLOAT, y32.dataType());
        for (int r = 0; r < 7; r++) {
            INDArray expected = irreps.representation(angles[r], DataType.DOUBLE).mmul(x.getRow(r).reshape(-1, 1));
            assertTrue(expected.reshape(-1).equalsWithEps(y.getRow(r), 1e-14), "row " + r);
            assertTrue(expected.reshape(-1).castTo(DataType.FLOAT).equalsWithEps(y32.getRow(r), 1e-5), "row " + r);
        }
        double[] back = GaugeChanges.negate(angles);
        assertTrue(x.equalsWithEps(irreps.rotate(Tensor.constant(y), back).data(), 1e-14));
    }

    @Test
    void rotateHasTheRightGradient() {
        Irreps irreps = Irreps.parse("1x0+2x1+1x2");
        double[] angles = GaugeChanges.randomAngles(5, new Random(4));
        GradCheck.check(in -> irreps.rotate(in.get(0), angles),
                GradCheck.uniform(new Random(5), -1, 1, 5, irreps.dim()));
    }

    @Test
    void rotateChecksShapes() {
        Irreps irreps = Irreps.parse("1x1");
        var e = assertThrows(IllegalArgumentException.class, () -> irreps.rotate(
                Tensor.constant(org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, 3, 3)), new double[3]));
        assertTrue(e.getMessage().contains("[N, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> irreps.rotate(
                Tensor.constant(org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, 3, 2)), new double[2]));
    }
}
