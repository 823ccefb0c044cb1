package org.erlangen.kernels;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void anArrayComesBackForItsLengthOnly() {
        float[] a = Scratch.floats(1234);
        Scratch.release(a);
        assertNotSame(a, Scratch.floats(1235));
        assertSame(a, Scratch.floats(1234));
    }

    @Test
    void arraysOfEveryNewLengthDoNotPileUp() {
        // as sampled mini-batches release them: a new length each time, 16 MB apiece, 4 GB in all
        int base = 4 << 20;
        for (int i = 0; i < 256; i++) {
            Scratch.release(new float[base + i]);
            assertTrue(Scratch.heldBytes() <= 2 * Scratch.HELD_BYTES_MAX, "held " + Scratch.heldBytes()
                    + " bytes after " + (i + 1) + " lengths");
        }
        float[] recent = new float[base + 1000];
        Scratch.release(recent);
        assertSame(recent, Scratch.floats(base + 1000), "the length used last is kept");
    }
}
