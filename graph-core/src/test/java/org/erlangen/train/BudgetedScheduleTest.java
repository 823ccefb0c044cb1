package org.erlangen.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BudgetedScheduleTest {
    @Test
    void withoutBudgetItIsWarmupThenCosineOverTheSteps() {
        BudgetedSchedule s = new BudgetedSchedule(1e-3, 0.1, 100, 0);
        assertFalse(s.hasBudget());
        assertEquals(0, s.rate(s.progress(0)), 1e-15);
        assertEquals(0.5e-3, s.rate(s.progress(5)), 1e-15, "half-way through the warm-up");
        assertEquals(1e-3, s.rate(s.progress(10)), 1e-15, "peak at the end of the warm-up");
        assertEquals(0.5e-3, s.rate(s.progress(55)), 1e-12, "half-way through the decay");
        assertTrue(s.rate(s.progress(99)) < 1e-6);
        assertFalse(BudgetedSchedule.finished(s.progress(99)));
        assertTrue(BudgetedSchedule.finished(s.progress(100)));
    }

    @Test
    void aTimeBudgetCompressesTheScheduleAndEndsTheRun() {
        AtomicLong now = new AtomicLong(1_000);
        BudgetedSchedule s = new BudgetedSchedule(1.0, 0.0, 1_000_000, 10.0, now::get);
        assertTrue(s.hasBudget());
        assertEquals(1.0, s.rate(s.progress(0)), 1e-12);
        now.addAndGet(5_000_000_000L); // 5 of 10 seconds, far fewer than half the steps taken
        assertEquals(0.5, s.progress(10), 1e-12);
        assertEquals(0.5, s.rate(s.progress(10)), 1e-12);
        assertEquals(0.6, s.progress(600_000), 1e-12, "whichever is further along counts");
        now.addAndGet(5_000_000_000L);
        assertTrue(BudgetedSchedule.finished(s.progress(11)));
        assertEquals(0, s.rate(s.progress(11)));
    }

    @Test
    void refusesBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new BudgetedSchedule(0, 0.1, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new BudgetedSchedule(1e-3, 1.0, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new BudgetedSchedule(1e-3, 0.1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BudgetedSchedule(1e-3, 0.1, 10, -1));
    }
}
