package org.erlangen.neo4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nd4j.linalg.api.memory.AllocationsTracker;
import org.nd4j.linalg.api.memory.enums.AllocationKind;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Repeated train / predict / drop cycles: the step arenas are freed at the end of every call, without waiting for
 * the garbage collector, and ND4J's off-heap use stays flat over the cycles.
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
    void trainPredictDropCyclesKeepOffHeapUseFlat() {
        TestGraphs.create(db, TestGraphs.communities(2000, 9), "Person", "KNOWS", 0);
        Map<String, Object> c = new HashMap<>();
        c.put("task", "nodeClassification");
        c.put("nodeLabels", List.of("Person"));
        c.put("featureProperties", List.of("features"));
        c.put("targetProperty", "community");
        c.put("epochs", 3);
        List<Long> dataBuffers = new ArrayList<>();
        long bookkept = arenas(); // what earlier calls in this JVM left in the tracker
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            db.run("CALL erlangen.model.train('soak', $c)", Map.of("c", c));
            assertTrue(arenas() - bookkept <= ARENA_BOOKKEEPING * (2 * cycle + 1), "a training call left its step "
                    + "arena: " + (arenas() - bookkept) + " bytes more in workspaces (cycle " + cycle + ")");
            db.run("CALL erlangen.predict.stream('soak', {}) YIELD nodeId RETURN count(*)");
            assertTrue(arenas() - bookkept <= ARENA_BOOKKEEPING * (2 * cycle + 2), "a prediction call left its step "
                    + "arena: " + (arenas() - bookkept) + " bytes more in workspaces (cycle " + cycle + ")");
            db.run("CALL erlangen.model.drop('soak')");
            System.gc(); // what is left to the collector (dropped models, graphs) must not pile up either
            sleep();
            dataBuffers.add(Nd4j.getEnvironment().getDeviceCouner(0));
            System.out.printf("soak cycle %d: ND4J data buffers %d bytes, workspaces %d, JavaCPP physical %d%n",
                    cycle, dataBuffers.get(cycle), arenas(), Pointer.physicalBytes());
        }
        long early = dataBuffers.subList(0, 5).stream().mapToLong(Long::longValue).max().orElseThrow();
        long late = dataBuffers.subList(CYCLES - 5, CYCLES).stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(late <= early + (1 << 20), "off-heap grew from " + early + " to " + late + " bytes over "
                + CYCLES + " cycles");
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
