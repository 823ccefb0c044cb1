package org.erlangen.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** A thread's step arena is freed on request, not only by the garbage collector, and comes back for the next step. */
class WorkspaceReleaseTest {
    @Test
    void releaseFreesTheArenaAndTheNextStepMakesItAgain() {
        Workspace.release();
        assertEquals(0, Workspace.arenaBytes());
        float first = step();
        assertTrue(Workspace.arenaBytes() >= 1_000_000 * Float.BYTES, "the arena holds the step's arrays: "
                + Workspace.arenaBytes());
        Workspace.release();
        assertEquals(0, Workspace.arenaBytes(), "released");
        assertEquals(first, step(), "a step after the release computes the same");
        Workspace.release();
    }

    @Test
    void anExpectedArenaIsMadeWholeOnTheFirstStepUntilReleased() {
        Workspace.release();
        Workspace.expect(64L << 20);
        float expected = step();
        assertTrue(Workspace.arenaBytes() >= 64L << 20, "the first step made the expected arena: "
                + Workspace.arenaBytes());
        Workspace.release();
        assertEquals(expected, step(), "the same step in an arena that learns its size");
        assertTrue(Workspace.arenaBytes() < 64L << 20, "the expectation ended with the release: "
                + Workspace.arenaBytes());
        Workspace.release();
    }

    @Test
    void anOpenArenaIsNotReleased() {
        try (var step = Workspace.step()) {
            Nd4j.ones(1000);
            assertThrows(IllegalStateException.class, Workspace::release);
        }
        Workspace.release();
        assertEquals(0, Workspace.arenaBytes());
    }

    private static float step() {
        try (var step = Workspace.step()) {
            var a = Nd4j.ones(1000, 1000);
            return a.mul(2).sumNumber().floatValue();
        }
    }
}
