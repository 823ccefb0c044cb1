package org.erlangen.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The thread's termination check: scoped, restored when the scope closes, and run between slabs of rows by kernels
 * above {@link Parallel#CHECKED_WORK}, which give the same rows to the body either way.
 */
class TerminationTest {
    @Test
    void aScopeSetsTheCheckAndRestoresThePreviousOne() {
        List<String> calls = new ArrayList<>();
        Termination.check(); // no scope: nothing runs
        try (var outer = Termination.checkedBy(() -> calls.add("outer"))) {
            Termination.check();
            try (var inner = Termination.checkedBy(() -> calls.add("inner"))) {
                Termination.check();
            }
            Termination.check();
        }
        Termination.check();
        assertEquals(List.of("outer", "inner", "outer"), calls);
    }

    /** Rows of [2^20 rows x 1024] of work each: far above the checked work, so the rows run in slabs. */
    @Test
    void largeRowKernelsRunInSlabsCheckedInBetweenAndVisitEveryRowOnce() {
        int rows = 1 << 20;
        int width = 1024;
        long work = 2L * rows * width;
        int slabs = (int) ((work + Parallel.CHECKED_WORK - 1) / Parallel.CHECKED_WORK);
        assertTrue(slabs > 2, "the test needs several slabs, got " + slabs);
        for (int threads : new int[] {1, 3}) {
            int[] checks = {0};
            int[] visits = new int[rows];
            try (var t = Concurrency.scope(threads); var c = Termination.checkedBy(() -> checks[0]++)) {
                Parallel.forRows(rows, null, width, (from, to) -> {
                    for (int r = from; r < to; r++) {
                        visits[r]++;
                    }
                });
            }
            assertEquals(slabs, checks[0], "one check before each slab with " + threads + " threads");
            for (int r = 0; r < rows; r++) {
                assertEquals(1, visits[r], "row " + r + " with " + threads + " threads");
            }
        }
    }

    @Test
    void aCheckThatThrowsStopsTheKernelBetweenSlabs() {
        int rows = 1 << 20;
        int[] ptr = new int[rows + 1];
        for (int r = 0; r < rows; r++) {
            ptr[r + 1] = ptr[r] + (r % 7); // uneven rows, balanced by their entries
        }
        int[] checks = {0};
        boolean[] visited = new boolean[rows];
        try (var t = Concurrency.scope(2); var c = Termination.checkedBy(() -> {
            if (++checks[0] > 2) {
                throw new IllegalStateException("terminated");
            }
        })) {
            var e = assertThrows(IllegalStateException.class, () -> Parallel.forRows(rows, ptr, 256, (from, to) -> {
                for (int r = from; r < to; r++) {
                    visited[r] = true;
                }
            }));
            assertEquals("terminated", e.getMessage());
        }
        assertEquals(3, checks[0]);
        int done = 0;
        while (done < rows && visited[done]) {
            done++;
        }
        assertTrue(done > 0 && done < rows, "two slabs ran, then the kernel stopped: " + done + " rows");
        for (int r = done; r < rows; r++) {
            assertTrue(!visited[r], "row " + r + " ran after the check threw");
        }
    }
}
