package org.erlangen.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** An epoch's batches: every item once, in the order one shuffle of a copy gives, cut into the batch size. */
class ShuffleTest {
    @Test
    void batchesCutTheShuffledItemsAndLeaveTheArrayGiven() {
        int[] items = IntStream.range(100, 123).toArray();
        int[] before = items.clone();
        List<int[]> batches = Shuffle.batches(items, 5, new SplittableRandom(3));
        assertArrayEquals(before, items, "the items given are left as they are");
        assertEquals(List.of(5, 5, 5, 5, 3), batches.stream().map(b -> b.length).toList());
        int[] expected = items.clone();
        Shuffle.inPlace(expected, new SplittableRandom(3));
        assertArrayEquals(expected, batches.stream().flatMapToInt(IntStream::of).toArray());
        assertEquals(List.of(), Shuffle.batches(new int[0], 4, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> Shuffle.batches(items, 0, new SplittableRandom(1)));
    }
}
