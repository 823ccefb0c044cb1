package org.erlangen.neo4j.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NodeIndexTest {
    @Test
    void denseAndScatteredIdsAreFoundAndOthersAreNot() {
        Random random = new Random(3);
        for (long spread : new long[] {1, 3, 1000}) { // a table for 1 and 3, a hash map for 1000
            long[] ids = new long[2000];
            Map<Long, Integer> expected = new HashMap<>();
            for (int i = 0; i < ids.length; i++) {
                long id;
                do {
                    id = 500 + (long) (random.nextDouble() * ids.length * spread);
                } while (expected.containsKey(id));
                ids[i] = id;
                expected.put(id, i);
            }
            NodeIndex index = NodeIndex.of(ids);
            for (long id = 0; id < 600 + ids.length * spread; id++) {
                assertEquals(expected.getOrDefault(id, -1), index.get(id), "spread " + spread + ", id " + id);
            }
            assertEquals(-1, index.get(-1));
            assertEquals(-1, index.get(Long.MAX_VALUE));
        }
        assertEquals(-1, NodeIndex.of(new long[0]).get(0));
    }
}
