package org.erlangen.primitives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IntListTest {
    @Test
    void growsPastItsCapacityAndKeepsOrder() {
        IntList list = new IntList();
        IntStream.range(0, 100).forEach(list::add);
        list.addAll(new int[] {-1, -2, -3});
        assertEquals(103, list.size());
        assertEquals(42, list.get(42));
        assertArrayEquals(IntStream.concat(IntStream.range(0, 100), IntStream.of(-1, -2, -3)).toArray(),
                list.toArray());
    }

    @Test
    void aHandedOverArrayIsNotChangedByLaterAdds() {
        IntList list = new IntList(16);
        IntStream.range(0, 16).forEach(list::add);
        int[] full = list.toArray();
        list.add(99);
        list.addAll(new int[] {7, 8});
        assertArrayEquals(IntStream.range(0, 16).toArray(), full);
        assertEquals(19, list.toArray().length);
        assertEquals(8, list.get(18));
    }
}
