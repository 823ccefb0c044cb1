package org.erlangen.gauge.sphere;

import org.erlangen.mesh.sphere.DriscollHealyGrid;
import org.erlangen.mesh.sphere.Rotation3;

/**
 * Square grey images onto the Driscoll-Healy grid of bandwidth B, as Cohen et al. (2018) build spherical MNIST: a
 * grid point x = (x, y, z) goes to the plane by stereographic projection from the south pole onto the equatorial
 * plane, (X, Y) = (x, y) / (1 + z), i.e. radius tan(theta / 2) at longitude phi, and reads the image there by
 * bilinear interpolation; zero outside the image.
 *
 * <p>Scale: the image is the square [-1, 1]^2 of that plane (X to the right, Y up, row 0 at the top; pixel centres at
 * -1 + (2c + 1) / size), so its inscribed disc is exactly the northern hemisphere, the digit's centre sits on the north
 * pole, and only the (black) corners of an MNIST digit reach past the equator, to colatitude 2 atan(sqrt 2), about
 * 109.5 degrees. Seen from above the north pole the image is not mirrored.
 *
 * <p>{@link #project(float[], Rotation3)} gives the rotated signal f(R^-1 x) by reading the image at R^-1 x for each
 * grid point x: exact on the grid, no Wigner-D matrices and no resampling of an already sampled signal.
 */
public final class SphereProjection {
    private final DriscollHealyGrid grid;
    private final int size;

    /** Projects {@code size x size} images onto the grid of the given bandwidth. */
    public SphereProjection(int bandwidth, int size) {
        if (size < 2) {
            throw new IllegalArgumentException("images must be at least 2x2, got size " + size);
        }
        this.grid = new DriscollHealyGrid(bandwidth);
        this.size = size;
    }

    public DriscollHealyGrid grid() {
        return grid;
    }

    /** The image (row-major, {@code size * size} values) on the grid, flat at {@code j * 2B + k}. */
    public float[] project(float[] image) {
        return project(image, Rotation3.identity());
    }

    /** The projected image turned by {@code rotation}: the value at grid point x is the projection's at R^-1 x. */
    public float[] project(float[] image, Rotation3 rotation) {
        if (image.length != size * size) {
            throw new IllegalArgumentException("expected a " + size + "x" + size + " image (" + size * size
                    + " values), got " + image.length);
        }
        Rotation3 inverse = rotation.inverse();
        var out = new float[grid.size()];
        for (int j = 0; j < grid.side(); j++) {
            for (int k = 0; k < grid.side(); k++) {
                out[grid.index(j, k)] = (float) valueAt(image, inverse.apply(grid.point(j, k)));
            }
        }
        return out;
    }

    /** The projected image at the unit vector p. */
    public double valueAt(float[] image, double[] p) {
        double denominator = 1 + p[2];
        if (!(denominator > 1e-12)) {
            return 0; // the south pole projects to infinity
        }
        double column = (p[0] / denominator + 1) * size / 2 - 0.5;
        double row = (1 - p[1] / denominator) * size / 2 - 0.5;
        return bilinear(image, row, column);
    }

    /** Bilinear interpolation between pixel centres, pixels beyond the border counting as zero. */
    private double bilinear(float[] image, double row, double column) {
        if (row <= -1 || column <= -1 || row >= size || column >= size) {
            return 0;
        }
        int r0 = (int) Math.floor(row);
        int c0 = (int) Math.floor(column);
        double dr = row - r0;
        double dc = column - c0;
        return (1 - dr) * ((1 - dc) * pixel(image, r0, c0) + dc * pixel(image, r0, c0 + 1))
                + dr * ((1 - dc) * pixel(image, r0 + 1, c0) + dc * pixel(image, r0 + 1, c0 + 1));
    }

    private double pixel(float[] image, int row, int column) {
        return row < 0 || column < 0 || row >= size || column >= size ? 0 : image[row * size + column];
    }
}
