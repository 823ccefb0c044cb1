package org.erlangen.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class P4cnnBenchTest {
    @TempDir
    Path work;

    @Test
    void trainsOnOneBatchAndItsLossFalls() throws Exception {
        StepResult r = new P4cnnBench(8, 1).run(6, 0, work, false);
        assertEquals(6, r.losses().length);
        assertTrue(r.erlangenMs() > 0);
        assertNull(r.pytorchMs(), "the peer was not asked for");
        // ten random classes: the loss starts near ln 10 and falls as the step overfits the one batch
        assertTrue(Math.abs(r.losses()[0] - Math.log(10)) < 1.0, "first loss " + r.losses()[0]);
        assertTrue(r.losses()[5] < r.losses()[0], Arrays.toString(r.losses()));
    }
}
