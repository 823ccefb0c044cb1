package org.erlangen.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    /** The workers take one caller at a time; callers that find them taken go to the pool, with the same result. */
    @Test
    void callersAtTheSameTimeEachGetTheirOwnRowsDone() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                results.add(callers.submit(() -> {
                    try (var threads = Concurrency.scope(2)) {
                        for (int round = 0; round < 300; round++) {
                            AtomicIntegerArray visits = new AtomicIntegerArray(101);
                            Parallel.forBlocks(101, 2, (from, to) -> {
                                for (int r = from; r < to; r++) {
                                    visits.incrementAndGet(r);
                                }
                            });
                            for (int r = 0; r < 101; r++) {
                                if (visits.get(r) != 1) {
                                    return false;
                                }
                            }
                        }
                        return true;
                    }
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(), "some row was not visited exactly once");
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aKernelInsideAKernelRunsAndVisitsEveryRow() {
        try (var threads = Concurrency.scope(2)) {
            AtomicIntegerArray visits = new AtomicIntegerArray(40);
            Parallel.forBlocks(4, 2, (from, to) -> {
                for (int outer = from; outer < to; outer++) {
                    int base = outer * 10;
                    Parallel.forBlocks(10, 2, (a, b) -> {
                        for (int r = a; r < b; r++) {
                            visits.incrementAndGet(base + r);
                        }
                    });
                }
            });
            for (int r = 0; r < 40; r++) {
                assertEquals(1, visits.get(r), "row " + r);
            }
        }
    }
}
