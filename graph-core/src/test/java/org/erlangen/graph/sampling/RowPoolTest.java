package org.erlangen.graph.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.erlangen.kernels.SizeClasses;
import org.junit.jupiter.api.Test;

class RowPoolTest {
    @Test
    void anArrayServesLengthsOfItsClassOnly() {
        var pool = new RowPool();
        float[] a = pool.floats(10_000);
        assertEquals(SizeClasses.capacity(10_000), a.length);
        pool.release(a);
        assertSame(a, pool.floats(9_800));
        pool.release(a);
        assertNotSame(a, pool.floats(a.length + 1));
        pool.release(new float[a.length - 1]); // of no class: not kept
        assertEquals(1, pool.kept());
    }

    @Test
    void whatIsKeptIsBoundedAndTheClassUsedLastStays() {
        // as layer-wise inference's chunks ask: many sizes
        var pool = new RowPool();
        int length = 5_000;
        float[] last = null;
        for (int i = 0; i < 40; i++) {
            last = pool.floats(length);
            for (int k = 0; k < 5; k++) {
                pool.release(new float[last.length]); // more of the class than it keeps
            }
            pool.release(last); // a full class keeps no more
            assertNotSame(last, pool.floats(last.length));
            pool.release(last); // on top of the class now
            assertTrue(pool.kept() <= 8, "kept " + pool.kept() + " arrays after " + (i + 1) + " classes");
            length = SizeClasses.capacity(last.length + 1);
        }
        assertSame(last, pool.floats(last.length), "the class used last is kept");
    }
}
