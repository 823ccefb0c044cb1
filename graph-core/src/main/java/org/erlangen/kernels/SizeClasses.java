package org.erlangen.kernels;

/**
 * Lengths of reusable arrays: short ones exact, long ones rounded up to an eighth of their power of two, so that arrays
 * asked for with lengths that differ a little (each sampled mini-batch has its own node count) share one class and
 * can be reused, at the price of at most an eighth more memory. Users of such an array read its first values only.
 */
public final class SizeClasses {
    /** Lengths up to this are exact: arrays this short are cheap to make. */
    public static final int EXACT_UP_TO = 1 << 12;

    private SizeClasses() {
    }

    /** The length of the array to make or reuse for {@code length} values. */
    public static int capacity(int length) {
        if (length <= EXACT_UP_TO) {
            return length;
        }
        int step = Integer.highestOneBit(length) >>> 3;
        long rounded = ((long) length + step - 1) / step * step;
        return rounded <= Integer.MAX_VALUE - 16 ? (int) rounded : length;
    }

    /** Whether {@code length} is a class's own length (what {@link #capacity} gives for some length). */
    public static boolean isClass(int length) {
        return capacity(length) == length;
    }
}
