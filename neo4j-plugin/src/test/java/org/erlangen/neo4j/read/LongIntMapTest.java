package org.erlangen.neo4j.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    }
}
