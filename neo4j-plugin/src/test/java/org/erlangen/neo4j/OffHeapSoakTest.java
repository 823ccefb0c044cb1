package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.erlangen.neo4j.memory.StepThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nd4j.linalg.api.memory.AllocationsTracker;
import org.nd4j.linalg.api.memory.enums.AllocationKind;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Repeated train / predict / drop cycles: ND4J's off-heap use stays flat over the cycles, the step arena is reused
 * from call to call by the plugin's step thread (not one per request thread), and once idle for the keep-alive the
 * thread frees it itself, without waiting for the garbage collector.
 */
class OffHeapSoakTest {
    private static final int CYCLES = 20;
    /**
     * What ND4J's allocation tracker still counts for an arena once destroyed (1 KiB each here): its bookkeeping,
     * where a call's arena on this graph holds megabytes.
     */
    private static final long ARENA_BOOKKEEPING = 1024;

    @RegisterExtension
    static final TestDatabase db = TestDatabase.create();

    @Test
    void trainPredictDropCyclesKeepOffHeapUseFlat() throws InterruptedException {
        TestGraphs.create(db, TestGraphs.communities(2000, 9), "Person", "KNOWS", 0);
        Map<String, Object> c = TestGraphs.communityTask("Person");
        c.put("epochs", 3);
        StepThreads steps = StepThreads.instance();
        steps.freeIdle();
        long bookkept = arenas(); // what earlier calls in this JVM left in the tracker
        List<Long> dataBuffers = new ArrayList<>();
        List<Long> workspaces = new ArrayList<>();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            db.run("CALL erlangen.model.train('soak', $c)", Map.of("c", c));
            db.run("CALL erlangen.predict.stream('soak', {}) YIELD nodeId RETURN count(*)");
            db.run("CALL erlangen.model.drop('soak')");
            assertEquals(1, steps.idleCount(), "one call at a time runs on one step thread");
            System.gc(); // what is left to the collector (dropped models, graphs) must not pile up either
            sleep();
            dataBuffers.add(Nd4j.getEnvironment().getDeviceCouner(0));
            workspaces.add(arenas() - bookkept);
            System.out.printf("soak cycle %d: ND4J data buffers %d bytes, workspaces %d, JavaCPP physical %d%n",
                    cycle, dataBuffers.get(cycle), workspaces.get(cycle), Pointer.physicalBytes());
        }
        long early = dataBuffers.subList(0, 5).stream().mapToLong(Long::longValue).max().orElseThrow();
        long late = dataBuffers.subList(CYCLES - 5, CYCLES).stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(late <= early + (1 << 20), "off-heap grew from " + early + " to " + late + " bytes over "
                + CYCLES + " cycles");
        long arenaEarly = workspaces.subList(0, 5).stream().mapToLong(Long::longValue).max().orElseThrow();
        long arenaLate = workspaces.subList(CYCLES - 5, CYCLES).stream().mapToLong(Long::longValue).max()
                .orElseThrow();
        assertTrue(workspaces.get(0) > 1 << 20, "the step thread keeps its arena between calls: "
                + workspaces.get(0) + " bytes");
        assertTrue(arenaLate <= arenaEarly + ARENA_BOOKKEEPING * 3 * 5, "the arena grew from " + arenaEarly
                + " to " + arenaLate + " bytes over " + CYCLES + " cycles");

        Duration keepAlive = steps.keepAlive();
        steps.setKeepAlive(Duration.ofMillis(200));
        try {
            db.run("CALL erlangen.model.train('soak', $c)", Map.of("c", c)); // a call under the short keep-alive
            db.run("CALL erlangen.model.drop('soak')");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // a bound, not a speed
            while (steps.idleCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            steps.setKeepAlive(keepAlive);
        }
        assertEquals(0, steps.idleCount(), "the idle step thread left");
        assertEquals(0, steps.idleArenaBytes());
        assertTrue(arenas() - bookkept <= ARENA_BOOKKEEPING * (3 * CYCLES + 3), "the idle step thread freed its "
                + "arena: " + (arenas() - bookkept) + " bytes still in workspaces");
    }

    private static long arenas() {
        return AllocationsTracker.getInstance().bytesOnDevice(AllocationKind.WORKSPACE, 0);
    }

    private static void sleep() {
        try {
            Thread.sleep(100); // ND4J's deallocator frees what the collector found
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
