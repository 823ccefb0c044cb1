package org.erlangen.gauge.sphere;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.erlangen.mesh.sphere.Rotation3;
import org.junit.jupiter.api.Test;

/** Digits onto the sphere: where a pixel lands, the identity, z turns by grid steps, and uniform rotations. */
class SphereProjectionTest {
    private static final int SIZE = 28;

    private static float[] randomImage(long seed) {
        var random = new SplittableRandom(seed);
        var image = new float[SIZE * SIZE];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) random.nextDouble();
        }
        return image;
    }

    private static double angle(double[] a, double[] b) {
        double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        return Math.acos(Math.max(-1, Math.min(1, dot)));
    }

    @Test
    void aBrightPixelLandsWhereTheInverseStereographicProjectionPutsIt() {
        int bandwidth = 16;
        var projection = new SphereProjection(bandwidth, SIZE);
        var grid = projection.grid();
        int row = 10;
        int column = 22;
        var image = new float[SIZE * SIZE];
        image[row * SIZE + column] = 1;
        // the pixel centre in the plane, and its inverse stereographic image: radius tan(theta / 2)
        double x = -1 + (2 * column + 1.0) / SIZE;
        double y = 1 - (2 * row + 1.0) / SIZE;
        double theta = 2 * Math.atan(Math.hypot(x, y));
        double phi = Math.atan2(y, x);
        double[] expected = {Math.sin(theta) * Math.cos(phi), Math.sin(theta) * Math.sin(phi), Math.cos(theta)};
        assertEquals(1.0, projection.valueAt(image, expected), 1e-12, "the pixel centre reads the pixel");

        float[] signal = projection.project(image);
        int brightest = 0;
        for (int i = 1; i < signal.length; i++) {
            brightest = signal[i] > signal[brightest] ? i : brightest;
        }
        assertTrue(signal[brightest] > 0, "the pixel shows on the grid");
        double[] at = grid.point(brightest / grid.side(), brightest % grid.side());
        assertTrue(angle(at, expected) < Math.PI / bandwidth, "brightest grid point " + brightest + " is "
                + angle(at, expected) + " rad from the pixel");
        // bilinear support: nothing farther than one pixel in X or Y from the pixel centre
        for (int j = 0; j < grid.side(); j++) {
            for (int k = 0; k < grid.side(); k++) {
                double[] p = grid.point(j, k);
                double dx = Math.abs(p[0] / (1 + p[2]) - x) * SIZE / 2;
                double dy = Math.abs(p[1] / (1 + p[2]) - y) * SIZE / 2;
                if (dx >= 1 || dy >= 1) {
                    assertEquals(0f, signal[grid.index(j, k)], "grid point (" + j + ", " + k + ")");
                }
            }
        }
    }

    @Test
    void aWhiteImageCoversTheNorthernHemisphereAndNothingBeyondItsCorners() {
        var projection = new SphereProjection(12, SIZE);
        var grid = projection.grid();
        var white = new float[SIZE * SIZE];
        Arrays.fill(white, 1f);
        float[] signal = projection.project(white);
        for (int j = 0; j < grid.side(); j++) {
            for (int k = 0; k < grid.side(); k++) {
                double theta = grid.theta(j);
                float value = signal[grid.index(j, k)];
                if (theta < 2 * Math.atan(1 - 1.0 / SIZE)) {
                    assertEquals(1f, value, 1e-6f, "inside the pixel centres' disc, ring " + j);
                } else if (theta > 2 * Math.atan(Math.sqrt(2) * (1 + 1.0 / SIZE))) {
                    assertEquals(0f, value, "beyond the image's corners, ring " + j);
                }
            }
        }
    }

    @Test
    void theIdentityChangesNothing() {
        var projection = new SphereProjection(10, SIZE);
        float[] image = randomImage(1);
        assertArrayEquals(projection.project(image), projection.project(image, Rotation3.identity()));
    }

    @Test
    void turningAboutZByGridStepsShiftsTheColumns() {
        int bandwidth = 10;
        var projection = new SphereProjection(bandwidth, SIZE);
        int side = projection.grid().side();
        float[] image = randomImage(2);
        float[] upright = projection.project(image);
        for (int steps : new int[] {1, 3, 7, side - 1}) {
            float[] turned = projection.project(image, Rotation3.aboutZ(steps * Math.PI / bandwidth));
            for (int j = 0; j < side; j++) {
                for (int k = 0; k < side; k++) {
                    // f(R^-1 x) at longitude k is f at longitude k - steps
                    assertEquals(upright[j * side + Math.floorMod(k - steps, side)], turned[j * side + k], 1e-6f,
                            "steps " + steps + ", point (" + j + ", " + k + ")");
                }
            }
        }
    }

    @Test
    void aRotationThenItsInverseGivesTheSignalBack() {
        var projection = new SphereProjection(10, SIZE);
        float[] image = randomImage(3);
        Rotation3 r = Rotation3.zyz(0.4, 1.1, -2.0);
        // reading at R^-1 (R x) = x: composing the rotations before projecting is exact
        assertArrayEquals(projection.project(image), projection.project(image, r.inverse().compose(r)), 1e-6f);
        // and the turned signal reads, at R x, what the upright one reads at x
        float[] turned = projection.project(image, r);
        var grid = projection.grid();
        for (int j = 0; j < grid.side(); j++) {
            for (int k = 0; k < grid.side(); k++) {
                double[] x = grid.point(j, k);
                assertEquals(projection.valueAt(image, x), projection.valueAt(image, r.inverse().apply(
                        r.apply(x))), 1e-9);
                assertEquals(turned[grid.index(j, k)], projection.valueAt(image, r.inverse().apply(x)), 1e-6);
            }
        }
    }

    @Test
    void uniformRotationsSendTheNorthPoleEverywhereEvenly() {
        var random = new SplittableRandom(4);
        int n = 4000;
        double[] mean = new double[3];
        int north = 0;
        for (int i = 0; i < n; i++) {
            double[] p = UniformRotations.draw(random).apply(new double[] {0, 0, 1});
            for (int d = 0; d < 3; d++) {
                mean[d] += p[d] / n;
            }
            north += p[2] > 0.5 ? 1 : 0; // the cap above z = 1/2 holds a quarter of the sphere's area
        }
        for (int d = 0; d < 3; d++) {
            assertEquals(0, mean[d], 0.05, "mean coordinate " + d);
        }
        assertEquals(0.25, (double) north / n, 0.03);
    }

    @Test
    void refusesImagesOfTheWrongSize() {
        var projection = new SphereProjection(4, SIZE);
        var e = assertThrows(IllegalArgumentException.class, () -> projection.project(new float[10]));
        assertTrue(e.getMessage().contains("got 10"), e.getMessage());
    }
}
