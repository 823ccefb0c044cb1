package org.erlangen.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class EdgeKeysTest {
    @Test
    void directedKeysTellTheWaysApartAndUndirectedOnesDoNot() {
        assertNotEquals(EdgeKeys.directed(3, 7), EdgeKeys.directed(7, 3));
        assertEquals(EdgeKeys.undirected(3, 7), EdgeKeys.undirected(7, 3));
        assertEquals(EdgeKeys.directed(3, 7), EdgeKeys.undirected(7, 3));
        // The second index does not spill into the first: no two pairs share a key.
        assertNotEquals(EdgeKeys.directed(0, Integer.MAX_VALUE), EdgeKeys.directed(1, 0));
        assertEquals(((long) Integer.MAX_VALUE << 32) | Integer.MAX_VALUE,
                EdgeKeys.directed(Integer.MAX_VALUE, Integer.MAX_VALUE));
    }
}
