package org.erlangen.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void aShortArrayComesBackForItsLengthOnly() {
        float[] a = Scratch.floats(1234);
        assertEquals(1234, a.length);
        Scratch.release(a);
        assertNotSame(a, Scratch.floats(1235));
        assertSame(a, Scratch.floats(1234));
    }

    @Test
    void lengthsOfOneSizeClassShareAnArray() {
        // as sampled mini-batches ask: a slightly different length every step
        float[] a = Scratch.floats(100_000);
        assertTrue(a.length >= 100_000 && a.length <= 100_000 * 9 / 8, "an array of " + a.length);
        Scratch.release(a);
        assertSame(a, Scratch.floats(a.length - 1), "a shorter length of the class reuses it");
        Scratch.release(a);
        assertSame(a, Scratch.floats(a.length - Integer.highestOneBit(a.length) / 8 + 1), "so does its shortest");
        Scratch.release(a);
        assertNotSame(a, Scratch.floats(a.length + 1), "a longer length is of the next class");

        double[] d = Scratch.doubles(50_001);
        assertTrue(d.length >= 50_001 && d.length <= 50_001 * 9 / 8, "an array of " + d.length);
        Scratch.release(d);
        assertSame(d, Scratch.doubles(50_000));
    }

    @Test
    void everyLengthIsInItsClassAndAClassIsItsOwnCapacity() {
        for (int length : new int[] {1, 4095, 4096, 4097, 5000, 65_536, 65_537, 1_000_000, Integer.MAX_VALUE - 20}) {
            int capacity = SizeClasses.capacity(length);
            assertTrue(capacity >= length && capacity - length <= length / 8, length + " -> " + capacity);
            assertEquals(capacity, SizeClasses.capacity(capacity), "the class of " + length);
        }
    }

    @Test
    void anArrayOfNoClassIsNotKept() {
        float[] foreign = new float[SizeClasses.capacity(200_000) - 1];
        Scratch.release(foreign);
        assertNotSame(foreign, Scratch.floats(foreign.length));
    }

    @Test
    void arraysOfEveryNewClassDoNotPileUp() {
        // a new size class each time, 16 to 128 MB apiece, 1.3 GB in all
        int length = 4 << 20;
        for (int i = 0; i < 24; i++) {
            Scratch.release(Scratch.floats(length));
            assertTrue(Scratch.heldBytes() <= 2 * Scratch.HELD_BYTES_MAX, "held " + Scratch.heldBytes()
                    + " bytes after " + (i + 1) + " classes");
            length = SizeClasses.capacity(length + 1);
        }
        float[] recent = Scratch.floats((4 << 20) + 1000);
        Scratch.release(recent);
        assertSame(recent, Scratch.floats((4 << 20) + 1000), "the class used last is kept");
    }
}
