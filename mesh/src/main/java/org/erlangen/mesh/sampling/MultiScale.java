package org.erlangen.mesh.sampling;

import java.util.ArrayList;
import java.util.List;

/**
 * A hierarchy of nested point levels for pooling: level 0 is all points; each further level is a farthest-point
 * sample of the previous one, with every point of the previous level assigned to its nearest point here (its cell).
 *
 * <p>Pooling is over these cells, not over Euclidean balls around the coarse points: a ball reaches across to any
 * part of the surface that passes close by (a hand resting on a leg), which ties the result to the pose, while the
 * cells of a fine mesh are patches of the surface.
 */
public final class MultiScale {
    private MultiScale() {
    }

    /**
     * One coarse level.
     *
     * @param points indices of this level's points among the finest points (level 0)
     * @param parent for each point of the previous level, the index (in this level) of its nearest point here
     */
    public record Level(int[] points, int[] parent) {
    }

    /**
     * Builds levels of the given sizes (decreasing), sampling with the seed.
     *
     * @param positions the finest points, flat n x 3
     */
    public static List<Level> build(double[] positions, int[] sizes, long seed) {
        List<Level> levels = new ArrayList<>();
        int[] current = new int[positions.length / 3];
        for (int i = 0; i < current.length; i++) {
            current[i] = i;
        }
        for (int l = 0; l < sizes.length; l++) {
            if (sizes[l] > current.length) {
                throw new IllegalArgumentException("level " + (l + 1) + " asks for " + sizes[l] + " points, but the "
                        + "level before has only " + current.length);
            }
            double[] fine = Pooling.select(positions, current);
            FarthestPointSampling.Sample sample = FarthestPointSampling.sample(fine, sizes[l], seed + l);
            int[] points = new int[sizes[l]];
            for (int i = 0; i < points.length; i++) {
                points[i] = current[sample.selected()[i]];
            }
            levels.add(new Level(points, sample.nearest()));
            current = points;
        }
        return levels;
    }
}
