package org.erlangen.gauge.grid;

import java.util.SplittableRandom;

/**
 * Training-time augmentation for images whose pose carries no meaning, as rotated digits: each image of a batch
 * turned about its centre by a fresh uniformly random angle (bilinear, as {@link ImageRotation}), all its channels by
 * the same angle; torchvision's {@code RandomRotation(180)}. The angles follow from the seed alone.
 */
public final class RandomRotation {
    private final SplittableRandom random;

    public RandomRotation(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** {@code images} [batch, channels, size, size] in row-major order, turned in place. */
    public void apply(float[] images, int batch, int channels, int size) {
        if (images.length != (long) batch * channels * size * size) {
            throw new IllegalArgumentException(images.length + " values are not " + batch + " images of " + channels
                    + " x " + size + " x " + size);
        }
        int plane = size * size;
        float[] image = new float[plane];
        for (int b = 0; b < batch; b++) {
            double angle = random.nextDouble(2 * Math.PI);
            for (int c = 0; c < channels; c++) {
                int offset = (b * channels + c) * plane;
                System.arraycopy(images, offset, image, 0, plane);
                System.arraycopy(ImageRotation.rotate(image, size, angle), 0, images, offset, plane);
            }
        }
    }
}
