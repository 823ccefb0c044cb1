package org.erlangen.tensor;

import java.util.function.Supplier;
import org.erlangen.kernels.Termination;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.abstracts.Nd4jWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An arena for the arrays of one training or inference step. Allocating a fresh off-heap ND4J array costs 15-50 ms
 * for 25 MB here (page faults, then the garbage collector has to free it); inside a step every array comes from an
 * arena that learns its size on the first step, which makes a GCN step several times faster.
 *
 * <p>Arrays made inside a step are invalid once it closes. Anything that must outlive it (parameters, optimizer
 * state, caches) is made under {@link #outside}; results are copied out with {@link #keep}.
 *
 * <p>A step that a termination check stops drops its arena, learning nothing from it: closing a first step, or one
 * that outgrew its arena, would allocate and zero an arena of everything it had made so far, gigabytes for a large
 * model, while the call is meant to be ending; the next step makes the arena afresh. The dropped arena is freed by
 * {@link #release} or by the next step on the thread, not as it closes: freeing gigabytes of touched pages takes a
 * while (0.4 s for the largest model the plugin admits, on one machine here), which a caller that runs steps on a
 * thread of its own can spare the stopping call.
 */
public final class Workspace {
    static final String STEP_ID = "erlangen-step";
    private static final WorkspaceConfiguration STEP = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.2)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private Workspace() {
    }

    /**
     * The largest arena made whole up front ({@link #expect}): making one zeroes all of it in one call that no
     * termination check can interrupt (about a second for the gigabytes of the largest models), while an arena that
     * learns its size on its first step makes its arrays one by one, with checks between the layers.
     */
    static final long LARGEST_EXPECTED = 256L << 20;

    /** The size the next arena made on this thread starts with, when a caller knows it ({@link #expect}). */
    private static final ThreadLocal<Long> EXPECTED = new ThreadLocal<>();

    /** This thread's arena of a step that a termination check stopped, until it is freed. */
    private static final ThreadLocal<MemoryWorkspace> DROPPED = new ThreadLocal<>();

    /** Opens the step arena on this thread; close it when the step (forward, backward, update) is done. */
    public static Scope step() {
        freeDropped();
        var manager = Nd4j.getWorkspaceManager();
        MemoryWorkspace previous = Nd4j.getMemoryManager().getCurrentWorkspace();
        Long expected = EXPECTED.get();
        MemoryWorkspace ws = expected != null && expected <= LARGEST_EXPECTED
                && !manager.checkIfWorkspaceExists(STEP_ID)
                ? manager.getAndActivateWorkspace(sized(expected), STEP_ID)
                : manager.getAndActivateWorkspace(STEP, STEP_ID);
        return () -> {
            if (Termination.stopping()) {
                Nd4j.getMemoryManager().setCurrentWorkspace(previous);
                DROPPED.set(ws); // the arena and what the step made past it, freed later
            } else {
                ws.close();
            }
        };
    }

    /**
     * Makes the next arena on this thread {@code bytes} large from its first step, until {@link #release}: a caller
     * that frees the arena after each call and knows what the next one needs spares that call's first step the
     * separate allocations an arena makes while it learns its size (it still grows if it needs more). Arenas above
     * {@link #LARGEST_EXPECTED} learn their size as without it.
     */
    public static void expect(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("an arena of " + bytes + " bytes");
        }
        EXPECTED.set(bytes);
    }

    private static WorkspaceConfiguration sized(long bytes) {
        return WorkspaceConfiguration.builder()
                .initialSize(bytes)
                .policyLearning(LearningPolicy.FIRST_LOOP)
                .policyAllocation(AllocationPolicy.OVERALLOCATE)
                .overallocationLimit(0.2)
                .policySpill(SpillPolicy.REALLOCATE)
                .build();
    }

    /** Runs {@code allocation} with no arena active, so what it makes lives on after the current step. */
    public static <T> T outside(Supplier<T> allocation) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return allocation.get();
        }
    }

    /** A copy of {@code array} that outlives the current step. */
    public static INDArray keep(INDArray array) {
        return outside(array::dup);
    }

    /**
     * Frees this thread's step arena now; the next step makes it again. A server's request threads outlive the calls
     * they serve, and their arenas, as large as the largest step each has run, would otherwise wait for the garbage
     * collector (which a server may keep from running explicitly).
     */
    public static void release() {
        EXPECTED.remove();
        freeDropped();
        var manager = Nd4j.getWorkspaceManager();
        if (!manager.checkIfWorkspaceExists(STEP_ID)) {
            return;
        }
        MemoryWorkspace arena = manager.getWorkspaceForCurrentThread(STEP_ID);
        if (arena.isScopeActive()) {
            throw new IllegalStateException("the step arena is still open on thread " + Thread.currentThread()
                    .getName() + ": release it after the step");
        }
        manager.destroyWorkspace(arena);
    }

    private static void freeDropped() {
        MemoryWorkspace dropped = DROPPED.get();
        if (dropped != null) {
            DROPPED.remove();
            Nd4j.getWorkspaceManager().destroyWorkspace(dropped);
        }
    }

    /** The bytes this thread's step arena holds, a stopped step's dropped arena included (0 when it has none). */
    public static long arenaBytes() {
        MemoryWorkspace dropped = DROPPED.get();
        if (dropped instanceof Nd4jWorkspace arrays) {
            return arrays.getCurrentSize() + arrays.getSpilledSize() + arrays.getPinnedSize();
        }
        var manager = Nd4j.getWorkspaceManager();
        return manager.checkIfWorkspaceExists(STEP_ID) ? manager.getWorkspaceForCurrentThread(STEP_ID)
                .getCurrentSize() : 0;
    }

    /** Closes the arena; throws nothing. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
