package org.erlangen.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.erlangen.gauge.sphere.SphereTransforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class S2cnnBenchTest {
    @TempDir
    Path work;

    @Test
    void trainsOnOneBatchAndItsLossFalls() throws Exception {
        StepResult r = new S2cnnBench(4, 8, 16, 1).run(6, 0, work, false);
        assertEquals(6, r.losses().length);
        assertTrue(r.erlangenMs() > 0);
        assertNull(r.pytorchMs(), "the peer was not asked for");
        assertTrue(Double.isFinite(r.losses()[0]), Arrays.toString(r.losses()));
        assertTrue(r.losses()[5] < r.losses()[0], Arrays.toString(r.losses()));
    }

    @Test
    void exportedMatricesAreTheTransformsOwn() {
        var transforms = new SphereTransforms(4, DataType.DOUBLE);
        var analysis = S2cnnBench.analysisMatrix(transforms);
        var synthesis = S2cnnBench.synthesisMatrix(transforms);
        assertArrayEquals(new long[] {64, 16}, analysis.shape());
        assertArrayEquals(new long[] {16, 64}, synthesis.shape());
        // analysis after synthesis is the identity on coefficients, so the peer's matmuls invert each other as ours do
        var roundTrip = synthesis.mmul(analysis);
        assertTrue(roundTrip.equalsWithEps(Nd4j.eye(16).castTo(DataType.DOUBLE), 1e-9), roundTrip.toString());
    }
}
