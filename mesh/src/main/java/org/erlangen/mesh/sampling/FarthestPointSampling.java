package org.erlangen.mesh.sampling;

import java.util.Arrays;
import java.util.Random;

/**
 * Farthest-point sampling of points (flat n x 3): start at a seeded random point, then repeatedly take the point
 * farthest (Euclidean) from all taken so far, ties to the lowest index. O(n * count).
 */
public final class FarthestPointSampling {
    private FarthestPointSampling() {
    }

    /**
     * The sample.
     *
     * @param selected indices of the chosen points, in the order chosen
     * @param nearest for every input point, the position in {@code selected} of its nearest chosen point (the
     *     assignment for pooling; a chosen point maps to itself)
     * @param distance for every input point, the distance to that nearest chosen point
     */
    public record Sample(int[] selected, int[] nearest, double[] distance) {
        /** The largest distance from a point to its nearest chosen point (the covering radius). */
        public double coveringRadius() {
            double max = 0;
            for (double d : distance) {
                max = Math.max(max, d);
            }
            return max;
        }
    }

    public static Sample sample(double[] points, int count, long seed) {
        int n = points.length / 3;
        if (points.length % 3 != 0) {
            throw new IllegalArgumentException("points hold " + points.length + " numbers, not a multiple of 3");
        }
        if (count < 1 || count > n) {
            throw new IllegalArgumentException("cannot choose " + count + " of " + n + " points");
        }
        int[] selected = new int[count];
        int[] nearest = new int[n];
        double[] d2 = new double[n];
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        int current = new Random(seed).nextInt(n);
        for (int s = 0; s < count; s++) {
            selected[s] = current;
            double cx = points[3 * current];
            double cy = points[3 * current + 1];
            double cz = points[3 * current + 2];
            int far = -1;
            double farD = -1;
            for (int i = 0; i < n; i++) {
                double dx = points[3 * i] - cx;
                double dy = points[3 * i + 1] - cy;
                double dz = points[3 * i + 2] - cz;
                double d = dx * dx + dy * dy + dz * dz;
                if (d < d2[i] || i == current) {
                    d2[i] = i == current ? 0 : d;
                    nearest[i] = s;
                }
                if (d2[i] > farD) {
                    farD = d2[i];
                    far = i;
                }
            }
            current = far;
        }
        double[] distance = new double[n];
        for (int i = 0; i < n; i++) {
            distance[i] = Math.sqrt(d2[i]);
        }
        return new Sample(selected, nearest, distance);
    }
}
