package org.erlangen.mesh.sampling;

import java.util.ArrayList;
import java.util.List;

/**
 * A hierarchy of nested point levels for pooling: level 0 is all points; each further level is a farthest-point
 * sample of the previous one, with the pooling edges (radius graph) and nearest assignment between them.
 */
public final class MultiScale {
    private MultiScale() {
    }

    /**
     * One coarse level.
     *
     * @param points indices of this level's points among the finest points (level 0)
     * @param parent for each point of the previous level, the index (in this level) of its nearest point here
     * @param pooling edges from points of the previous level (senders, indices in that level) to points of this
     *     level (receivers) within the level's radius
     */
    public record Level(int[] points, int[] parent, Pooling.Edges pooling) {
    }

    /**
     * Builds levels of the given sizes (decreasing) and pooling radii, sampling with the seed.
     *
     * @param positions the finest points, flat n x 3
     */
    public static List<Level> build(double[] positions, int[] sizes, double[] radii, long seed) {
        if (sizes.length != radii.length) {
            throw new IllegalArgumentException(sizes.length + " level sizes but " + radii.length + " radii");
        }
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
            double[] coarse = Pooling.select(positions, points);
            levels.add(new Level(points, sample.nearest(), Pooling.radius(fine, coarse, radii[l])));
            current = points;
        }
        return levels;
    }
}
