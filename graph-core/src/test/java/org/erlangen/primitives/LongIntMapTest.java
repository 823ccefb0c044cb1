package org.erlangen.primitives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntMapTest {
    @Test
    void agreesWithAHashMap() {
        Random random = new Random(1);
        LongIntMap map = new LongIntMap(1000);
        Map<Long, Integer> expected = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            long key = random.nextInt(5000) * 7919L; // collisions in the low bits
            map.put(key, i);
            expected.put(key, i);
        }
        for (long key = 0; key < 5000 * 7919L; key += 7919L) {
            assertEquals(expected.getOrDefault(key, -1), map.get(key), "key " + key);
        }
        assertEquals(-1, map.get(-3));
        assertEquals(expected.size(), map.size());
    }

    @Test
    void putReturnsThePreviousValue() {
        LongIntMap map = new LongIntMap(4);
        assertEquals(-1, map.put(Long.MIN_VALUE, 3));
        assertEquals(3, map.put(Long.MIN_VALUE, 5));
        assertEquals(5, map.get(Long.MIN_VALUE));
        assertEquals(1, map.size());
    }

    @Test
    void growsPastTheExpectedCount() {
        LongIntMap map = new LongIntMap(2);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(-1, map.put(((long) i << 32) | i, i));
        }
        assertEquals(10_000, map.size());
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, map.get(((long) i << 32) | i));
        }
        assertEquals(-1, map.get(10_000L << 32));
    }

    @Test
    void rejectsNegativeValuesAndCounts() {
        LongIntMap map = new LongIntMap(4);
        var e = assertThrows(IllegalArgumentException.class, () -> map.put(1, -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LongIntMap(-5));
        assertTrue(e.getMessage().contains("-5"), e.getMessage());
    }
}
