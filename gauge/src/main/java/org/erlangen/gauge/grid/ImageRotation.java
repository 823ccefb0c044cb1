package org.erlangen.gauge.grid;

/**
 * Turns square images about their centre by any angle with bilinear interpolation, as the rotated-MNIST protocol
 * makes its digits: each output pixel samples the input at its position turned back; what falls outside is 0 (the
 * background of a digit).
 */
public final class ImageRotation {
    private ImageRotation() {
    }

    /**
     * {@code image} (row-major, {@code size x size}) turned counter-clockwise by {@code radians}; a quarter turn
     * gives exactly numpy's {@code rot90}.
     */
    public static float[] rotate(float[] image, int size, double radians) {
        if (image.length != size * size) {
            throw new IllegalArgumentException("an image of " + image.length + " values is not " + size + " x "
                    + size);
        }
        double c = (size - 1) / 2.0;
        double cos = Math.cos(radians);
        double sin = Math.sin(radians);
        float[] out = new float[image.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                // the source of (y, x): turned back by the angle; rows grow downwards, so a counter-clockwise
                // turn on screen takes (dx, dy) to (dx cos + dy sin, -dx sin + dy cos) and back
                double dx = x - c;
                double dy = y - c;
                double sx = c + dx * cos - dy * sin;
                double sy = c + dx * sin + dy * cos;
                out[y * size + x] = (float) sample(image, size, sy, sx);
            }
        }
        return out;
    }

    private static double sample(float[] image, int size, double y, double x) {
        // snap what rounding left a hair off a pixel, so quarter turns read whole pixels
        double ry = Math.rint(y);
        double rx = Math.rint(x);
        y = Math.abs(y - ry) < 1e-9 ? ry : y;
        x = Math.abs(x - rx) < 1e-9 ? rx : x;
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        double fy = y - y0;
        double fx = x - x0;
        return (1 - fy) * ((1 - fx) * at(image, size, y0, x0) + fx * at(image, size, y0, x0 + 1))
                + fy * ((1 - fx) * at(image, size, y0 + 1, x0) + fx * at(image, size, y0 + 1, x0 + 1));
    }

    private static double at(float[] image, int size, int y, int x) {
        return y < 0 || y >= size || x < 0 || x >= size ? 0 : image[y * size + x];
    }
}
