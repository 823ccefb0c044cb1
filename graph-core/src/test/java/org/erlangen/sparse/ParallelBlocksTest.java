package org.erlangen.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelBlocksTest {
    @Test
    void everyRowIsVisitedOnceWhateverTheBlockCount() {
        try (var threads = Concurrency.scope(3)) {
            for (int blocks : new int[] {1, 2, 3, 7, 50}) {
                AtomicIntegerArray visits = new AtomicIntegerArray(23);
                Parallel.forBlocks(23, blocks, (from, to) -> {
                    for (int r = from; r < to; r++) {
                        visits.incrementAndGet(r);
                    }
                });
                for (int r = 0; r < 23; r++) {
                    assertEquals(1, visits.get(r), "row " + r + " with " + blocks + " blocks");
                }
            }
        }
    }

    @Test
    void aFailingBlockFailsTheCallAfterTheOthersFinish() {
        try (var threads = Concurrency.scope(2)) {
            AtomicIntegerArray done = new AtomicIntegerArray(1);
            var e = assertThrows(IllegalStateException.class, () -> Parallel.forBlocks(10, 2, (from, to) -> {
                if (from > 0) {
                    throw new IllegalStateException("block from " + from);
                }
                done.incrementAndGet(0);
            }));
            assertTrue(e.getMessage().contains("block from 5"), e.getMessage());
            assertEquals(1, done.get(0), "the caller's own block ran");
        }
    }
}
