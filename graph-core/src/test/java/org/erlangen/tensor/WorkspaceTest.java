package org.erlangen.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.erlangen.kernels.Termination;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The step arena: learnt from the first step that completes, dropped when a termination check stops a first step. */
class WorkspaceTest {
    @Test
    void aFirstStepStoppedByTheTerminationCheckIsDroppedNotLearnt() {
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        try (var check = Termination.checkedBy(() -> {
            throw new IllegalStateException("terminated");
        })) {
            var e = assertThrows(IllegalStateException.class, () -> {
                try (var step = Workspace.step()) {
                    Nd4j.create(DataType.FLOAT, 1000, 1000).addi(1); // 4 MB the arena would learn
                    Termination.check();
                }
            });
            assertEquals("terminated", e.getMessage());
            assertTrue(Termination.stopping());
        }
        assertFalse(Termination.stopping(), "the scope's end forgets the stop");
        assertNull(Nd4j.getMemoryManager().getCurrentWorkspace(), "no arena left active");
        assertEquals(0, Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(Workspace.STEP_ID).getCurrentSize(),
                "no arena learnt");
        assertTrue(Workspace.arenaBytes() >= 4_000_000, "the step's arrays are held until freed: "
                + Workspace.arenaBytes());

        // the next step frees them, learns as a first step does, and keeps its arena
        try (var step = Workspace.step()) {
            assertEquals(4.0, Nd4j.create(DataType.FLOAT, 1000, 1000).addi(4).sumNumber().doubleValue() / 1e6, 1e-9);
        }
        assertTrue(Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(Workspace.STEP_ID).getCurrentSize() > 0);
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    }

    @Test
    void releaseFreesAStoppedFirstStep() {
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        try (var check = Termination.checkedBy(() -> {
            throw new IllegalStateException("terminated");
        })) {
            assertThrows(IllegalStateException.class, () -> {
                try (var step = Workspace.step()) {
                    Nd4j.create(DataType.FLOAT, 1000, 1000).addi(1);
                    Termination.check();
                }
            });
        }
        assertTrue(Workspace.arenaBytes() > 0);
        Workspace.release();
        assertEquals(0, Workspace.arenaBytes());
        assertFalse(Nd4j.getWorkspaceManager().checkIfWorkspaceExists(Workspace.STEP_ID), "no arena left");
    }
}
