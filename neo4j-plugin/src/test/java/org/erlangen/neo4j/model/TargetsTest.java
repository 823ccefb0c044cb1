package org.erlangen.neo4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Class values are compared exactly: integers as longs, strings as strings, never through doubles. */
class TargetsTest {
    private static final long TWO_TO_53 = 1L << 53;

    private static List<Object> classes(Object... values) {
        return Targets.classes(values, "target", i -> "node " + i);
    }

    @Test
    void integersBeyondADoublesPrecisionAreDistinctClasses() {
        Object[] values = {TWO_TO_53, TWO_TO_53 + 1, TWO_TO_53, Long.MAX_VALUE, Long.MAX_VALUE - 1};
        List<Object> classes = classes(values);
        assertEquals(List.of(TWO_TO_53, TWO_TO_53 + 1, Long.MAX_VALUE - 1, Long.MAX_VALUE), classes);
        assertArrayEquals(new int[] {0, 1, 0, 3, 2}, Targets.classIndices(values, classes));
    }

    @Test
    void anIntegerAndAnEqualDoubleAreOneClassAndOthersKeepTheirOrder() {
        Object[] values = {1L, 1.0, 2.5, TWO_TO_53 + 1, (double) TWO_TO_53, 1e20, 2e20, -0.0, 0L, "a", true};
        List<Object> classes = classes(values);
        assertEquals(List.of(true, 0L, 1L, 2.5, TWO_TO_53, TWO_TO_53 + 1, 1e20, 2e20, "a"), classes);
        assertArrayEquals(new int[] {2, 2, 3, 5, 4, 6, 7, 1, 1, 8, 0}, Targets.classIndices(values, classes));
    }
}
