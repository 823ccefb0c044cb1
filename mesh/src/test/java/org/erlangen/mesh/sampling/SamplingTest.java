package org.erlangen.mesh.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
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
    void radiusEdgesMatchBruteForce() {
        Random random = new Random(2);
        double[] fine = new double[3 * 500];
        for (int i = 0; i < fine.length; i++) {
            fine[i] = random.nextDouble() * (i % 3 == 2 ? 0.2 : 3);
        }
        double[] coarse = Pooling.select(fine, FarthestPointSampling.sample(fine, 40, 3).selected());
        double radius = 0.45;
        Pooling.Edges edges = Pooling.radius(fine, coarse, radius);
        Set<Long> expected = new HashSet<>();
        for (int c = 0; c < 40; c++) {
            for (int f = 0; f < 500; f++) {
                if (dist(fine, f, coarse, c) <= radius) {
                    expected.add((long) c << 32 | f);
                }
            }
        }
        Set<Long> got = new HashSet<>();
        for (int e = 0; e < edges.count(); e++) {
            got.add((long) edges.receivers()[e] << 32 | edges.senders()[e]);
            assertEquals(dist(fine, edges.senders()[e], coarse, edges.receivers()[e]), edges.distance()[e], 1e-15);
            if (e > 0) {
                assertTrue(edges.receivers()[e] > edges.receivers()[e - 1] || (edges.receivers()[e]
                        == edges.receivers()[e - 1] && edges.senders()[e] > edges.senders()[e - 1]), "sorted");
            }
        }
        assertEquals(expected, got);
    }

    @Test
    void multiScaleLevelsAreNested() {
        TriangleMesh mesh = MeshGenerators.icosphere(1, 4);
        double[] p = mesh.positions();
        List<MultiScale.Level> levels = MultiScale.build(p, new int[] {600, 150}, new double[] {0.15, 0.3}, 5);
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
        // Pooling senders of level 2 index level-1 points; every level-1 point within 0.3 of a level-2 point.
        for (int e = 0; e < second.pooling().count(); e++) {
            int fine = first.points()[second.pooling().senders()[e]];
            int coarse = second.points()[second.pooling().receivers()[e]];
            assertTrue(dist(p, fine, coarse) <= 0.3 + 1e-12);
        }
        // Every level-1 point has its parent among its pooling receivers (the parent is within the covering radius).
        Set<Long> pairs = new HashSet<>();
        for (int e = 0; e < second.pooling().count(); e++) {
            pairs.add((long) second.pooling().receivers()[e] << 32 | second.pooling().senders()[e]);
        }
        for (int i = 0; i < 600; i++) {
            assertTrue(pairs.contains((long) second.parent()[i] << 32 | i), "point " + i + " not pooled to its parent");
        }
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
