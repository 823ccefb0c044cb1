package org.erlangen.gauge.grid;

/**
 * A finite group of symmetries of the square pixel grid, acting on images (about their centre) and on its own
 * elements: what a group-equivariant CNN needs of it. Elements are numbered {@code 0 .. order() - 1}, with 0 the
 * identity. Another finite group (rotations by 180 degrees alone, say) is another implementation of this, nothing
 * more.
 */
public interface PlaneGroup {
    String name();

    int order();

    /** The element {@code a b}: first b, then a. */
    int compose(int a, int b);

    int inverse(int element);

    /**
     * Where {@code element} sends each pixel of a {@code size x size} square, row-major: pixel {@code p} of the
     * transformed image is pixel {@code source[p]} of the original (the transformed image is {@code x[source]}).
     */
    int[] pixelSource(int element, int size);

    /** How {@code element} moves a function on the group: entry h of the result is entry {@code g^-1 h}. */
    default int[] regularSource(int element) {
        int[] source = new int[order()];
        int inverse = inverse(element);
        for (int h = 0; h < order(); h++) {
            source[h] = compose(inverse, h);
        }
        return source;
    }
}
