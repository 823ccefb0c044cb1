package org.erlangen.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.erlangen.gauge.Irreps;
import org.junit.jupiter.api.Test;

class GemBenchTest {
    @Test
    void timesForwardAndBackwardOnAnIcosphere() {
        GemBench.Result r = new GemBench(2, Irreps.parse("2x0+2x1"), 1).run(3, 1);
        assertEquals(162, r.vertices());
        assertEquals(960, r.edges());
        assertTrue(r.forwardMs() > 0 && r.backwardMs() > 0);
        assertTrue(r.line().matches("gem_forward_ms=\\d+\\.\\d gem_backward_ms=\\d+\\.\\d vertices=162 edges=960 "
                + "threads=\\d+"), r.line());
    }
}
