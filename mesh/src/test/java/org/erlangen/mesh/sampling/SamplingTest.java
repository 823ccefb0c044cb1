package org.erlangen.mesh.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.erlangen.mesh.TriangleMesh;
import org.erlangen.mesh.gen.MeshGenerators;
import org.junit.jupiter.api.Test;

class SamplingTest {
    @Test
    void farthestPointSamplingSpreadsOutAndAssignsNearest() {
        double[] p = MeshGenerators.icosphere(1, 4).positions();
        int n = p.length / 3;
        FarthestPointSampling.Sample s = FarthestPointSampling.sample(p, 100, 1);
        assertEquals(100, new HashSet<>(java.util.Arrays.stream(s.selected()).boxed().toList()).size());
        assertArrayEquals(s.selected(), FarthestPointSampling.sample(p, 100, 1).selected(), "seeded");
        // Each chosen point (after the first) was the farthest from those before it, so the minimum pairwise
        // distance among the chosen points is at least the final covering radius.
        double minPair = Double.MAX_VALUE;
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < i; j++) {
                minPair = Math.min(minPair, dist(p, s.selected()[i], s.selected()[j]));
            }
        }
        assertTrue(minPair >= s.coveringRadius() - 1e-12, minPair + " < " + s.coveringRadius());
        // 100 caps of that radius cover the unit sphere: 100 * pi r^2 >= 4 pi roughly, and not hugely more.
        double r = s.coveringRadius();
        assertTrue(100 * Math.PI * r * r > 4 * Math.PI && r < 0.4, "covering radius " + r);
        // The assignment is the brute-force nearest chosen point.
        double[] coarse = Pooling.select(p, s.selected());
        int[] nearest = Pooling.nearest(p, coarse);
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < 100; c++) {
                if (dist(p, i, coarse, c) < dist(p, i, coarse, best)) {
                    best = c;
                }
            }
            assertEquals(dist(p, i, coarse, best), s.distance()[i], 1e-12);
            assertEquals(dist(p, i, coarse, best), dist(p, i, coarse, s.nearest()[i]), 1e-12);
            assertEquals(dist(p, i, coarse, best), dist(p, i, coarse, nearest[i]), 1e-12);
        }
    }

    @Test
    void multiScaleLevelsAreNested() {
        TriangleMesh mesh = MeshGenerators.icosphere(1, 4);
        double[] p = mesh.positions();
        List<MultiScale.Level> levels = MultiScale.build(p, new int[] {600, 150}, 5);
        assertEquals(2, levels.size());
        MultiScale.Level first = levels.get(0);
        MultiScale.Level second = levels.get(1);
        assertEquals(600, first.points().length);
        assertEquals(mesh.vertexCount(), first.parent().length);
        assertEquals(600, second.parent().length);
        Set<Integer> firstPoints = new HashSet<>(java.util.Arrays.stream(first.points()).boxed().toList());
        for (int v : second.points()) {
            assertTrue(firstPoints.contains(v), "level 2 point " + v + " is not in level 1");
        }
        // every level-1 point's parent is its nearest level-2 point
        double[] coarse = Pooling.select(p, second.points());
        double[] fine = Pooling.select(p, first.points());
        assertArrayEquals(Pooling.nearest(fine, coarse), second.parent());
    }

    private static double dist(double[] p, int i, int j) {
        return dist(p, i, p, j);
    }

    private static double dist(double[] a, int i, double[] b, int j) {
        double dx = a[3 * i] - b[3 * j];
        double dy = a[3 * i + 1] - b[3 * j + 1];
        double dz = a[3 * i + 2] - b[3 * j + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
