package org.erlangen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The main job on the bundled data: Kipf and Welling report 0.815 for this model and split. */
class CoraGcnTest {
    @Test
    void reachesPublishedAccuracyOnTheStandardSplit() throws Exception {
        var cora = CoraGcn.loadBundled();
        assertEquals(2708, cora.graph().numNodes());
        assertEquals(10556 + 2708, cora.graph().numEdges(), "both directions of 5,278 edges plus self loops");
        var result = CoraGcn.train(cora, 200, 0, epoch -> { });
        assertTrue(result.testAccuracy() >= 0.79, "test accuracy " + result.testAccuracy());
    }
}
