package org.erlangen.neo4j.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.erlangen.kernels.Termination;
import org.erlangen.tensor.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Step threads keep their arena for the next call, count it, give it up when a call needs the room or fails. */
class StepThreadsTest {
    private static final long ARENA = 8L << 20;
    private final StepThreads steps = StepThreads.instance();

    @BeforeEach
    void noIdleThreads() {
        steps.freeIdle();
    }

    /** A step that fills a million floats in the thread's arena; returns the thread that ran it. */
    private static Thread step() {
        try (var arena = Workspace.step()) {
            Nd4j.create(DataType.FLOAT, 1 << 20).addi(1);
        }
        return Thread.currentThread();
    }

    @Test
    void theNextCallReusesTheIdleThreadAndItsArena() {
        Thread first = steps.run(ARENA, StepThreadsTest::step);
        assertNotEquals(Thread.currentThread(), first, "the steps ran on a step thread");
        assertEquals(1, steps.idleCount());
        long arena = steps.idleArenaBytes();
        assertTrue(arena >= 4L << 20, "the idle thread keeps its arena: " + arena + " bytes");
        Thread second = steps.run(ARENA, StepThreadsTest::step);
        assertSame(first, second);
        assertEquals(arena, steps.idleArenaBytes(), "the arena was reused, not made again");
    }

    @Test
    void aCallThatNeedsTheRoomHasIdleArenasFreed() {
        steps.run(ARENA, StepThreadsTest::step);
        long arena = steps.idleArenaBytes();
        try (Reservation r = PluginMemory.instance().open(arena + (1 << 20), 0, "a call")) {
            r.atLeast(2L << 20); // fits only once the idle arena is given up
            assertEquals(0, steps.idleCount());
            assertEquals(0, steps.idleArenaBytes());
        }
    }

    @Test
    void aFailedCallKeepsNoArenaAndItsFailureReachesTheCaller() {
        var failure = new IllegalStateException("terminated");
        var thrown = assertThrows(IllegalStateException.class, () -> steps.run(ARENA, () -> {
            step();
            throw failure;
        }));
        assertSame(failure, thrown);
        assertEquals(1, steps.idleCount(), "the thread serves the next call");
        // freed once the caller has its failure, and before the thread takes the next call
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (steps.idleArenaBytes() > 0 && System.nanoTime() < end) {
            LockSupport.parkNanos(1_000_000);
        }
        assertEquals(0, steps.idleArenaBytes(), "without the failed call's arena");
    }

    @Test
    void aTerminatedFirstStepIsFreedBeforeTheThreadTakesTheNextCall() {
        assertThrows(IllegalStateException.class, () -> steps.run(ARENA, () -> {
            try (var check = Termination.checkedBy(() -> {
                throw new IllegalStateException("terminated");
            }); var arena = Workspace.step()) {
                Nd4j.create(DataType.FLOAT, 1 << 20).addi(1);
                Termination.check();
            }
            return null;
        }));
        long[] seen = steps.run(ARENA, () -> new long[] {Workspace.arenaBytes()});
        assertEquals(0, seen[0], "the next call found the stopped step's arrays still held");
    }
}
