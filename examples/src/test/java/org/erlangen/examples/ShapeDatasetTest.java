package org.erlangen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.erlangen.mesh.MeshValidation;
import org.junit.jupiter.api.Test;

class ShapeDatasetTest {
    @Test
    void everyClassGivesClosedManifoldsOfAFewHundredVertices() {
        List<ShapeDataset.Sample> samples = ShapeDataset.generate(8, 4, 1);
        assertEquals(32, samples.size());
        for (ShapeDataset.Sample s : samples) {
            MeshValidation v = MeshValidation.of(s.mesh());
            assertTrue(v.isValid() && v.isClosed(), ShapeDataset.CLASSES.get(s.label()) + ": " + v.report(3));
            assertTrue(s.mesh().vertexCount() >= 80 && s.mesh().vertexCount() <= 700,
                    ShapeDataset.CLASSES.get(s.label()) + " has " + s.mesh().vertexCount() + " vertices");
        }
        assertEquals(3, samples.get(13).label());
    }

    @Test
    void isReproducibleBySeedAndVariesWithIt() {
        var a = ShapeDataset.generate(3, 2, 7);
        var b = ShapeDataset.generate(3, 2, 7);
        var c = ShapeDataset.generate(3, 2, 8);
        for (int i = 0; i < a.size(); i++) {
            assertTrue(a.get(i).mesh().sameAs(b.get(i).mesh()));
        }
        assertTrue(!a.get(0).mesh().sameAs(c.get(0).mesh()));
        assertThrows(IllegalArgumentException.class, () -> ShapeDataset.generate(9, 1, 0));
    }
}
