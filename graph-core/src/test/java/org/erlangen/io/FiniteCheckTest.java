package org.erlangen.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class FiniteCheckTest {
    @Test
    void namesWhatIsWrongWithAValue() {
        assertNull(FiniteCheck.problem(250_000));
        assertNull(FiniteCheck.problem(-3.4e38));
        assertEquals("NaN", FiniteCheck.problem(Double.NaN));
        assertEquals("Infinity", FiniteCheck.problem(Double.POSITIVE_INFINITY));
        assertEquals("-Infinity", FiniteCheck.problem(Double.NEGATIVE_INFINITY));
        // a finite double, but infinite as the float a model computes in
        assertEquals("1.0E300, beyond the 32-bit float range of +-3.4e38", FiniteCheck.problem(1e300));
        assertTrue(FiniteCheck.isFiniteFloat(1e38) && !FiniteCheck.isFiniteFloat(-1e39));
    }

    @Test
    void findsTheFirstValueThatIsNotFiniteAndCountsThem() {
        float[][] x = new float[200][3];
        x[117][1] = Float.NaN;
        x[150][2] = Float.POSITIVE_INFINITY;
        var bad = FiniteCheck.firstNonFinite(Nd4j.createFromArray(x));
        assertArrayEquals(new long[] {117, 1}, bad.position());
        assertEquals("NaN at row 117, column 1 (2 of 600 values not finite)", bad.describe());
        assertNull(FiniteCheck.firstNonFinite(Nd4j.ones(DataType.DOUBLE, 4, 2)));
        assertNull(FiniteCheck.firstNonFinite(Nd4j.createFromArray(new long[] {Long.MAX_VALUE})), "integers are");
        // a view of the array is read as the view, not as its buffer
        var view = Nd4j.createFromArray(x).getRow(150);
        assertEquals("Infinity at index 2 (1 of 3 values not finite)", FiniteCheck.firstNonFinite(view).describe());

        var e = assertThrows(IllegalArgumentException.class,
                () -> FiniteCheck.requireFinite(Nd4j.createFromArray(x), "the node features"));
        assertEquals("the node features hold NaN at row 117, column 1 (2 of 600 values not finite); features must "
                + "be finite numbers", e.getMessage());
    }
}
