package org.erlangen.gauge.grid;

/**
 * The symmetries of the square: C4 (rotations by multiples of 90 degrees, the group of p4) and D4 (those and the
 * mirror images, the group of p4m). Element {@code m * 4 + r} is a rotation by {@code r} quarter turns
 * counter-clockwise after a mirror flip of the columns when {@code m} is 1.
 */
public final class SquareSymmetries implements PlaneGroup {
    public static final SquareSymmetries C4 = new SquareSymmetries(false);
    public static final SquareSymmetries D4 = new SquareSymmetries(true);

    private final boolean mirrors;

    private SquareSymmetries(boolean mirrors) {
        this.mirrors = mirrors;
    }

    /** The group by its name: {@code C4} (p4) or {@code D4} (p4m). */
    public static SquareSymmetries named(String name) {
        return switch (name) {
            case "C4", "p4" -> C4;
            case "D4", "p4m" -> D4;
            default -> throw new IllegalArgumentException("unknown group '" + name + "'; known: C4 (p4), D4 (p4m)");
        };
    }

    @Override
    public String name() {
        return mirrors ? "D4" : "C4";
    }

    @Override
    public int order() {
        return mirrors ? 8 : 4;
    }

    /** Quarter turns of an element. */
    static int turns(int element) {
        return element % 4;
    }

    static boolean flipped(int element) {
        return element >= 4;
    }

    /**
     * Composition in D4: with F the flip and R the quarter turn, F R = R^-1 F, so (R^a F^m)(R^b F^n) =
     * R^(a + (-1)^m b) F^(m + n).
     */
    @Override
    public int compose(int a, int b) {
        int turns = (turns(a) + (flipped(a) ? -turns(b) : turns(b)) + 4) % 4;
        boolean flip = flipped(a) ^ flipped(b);
        return (flip ? 4 : 0) + turns;
    }

    @Override
    public int inverse(int element) {
        // a flip followed by turns is its own inverse; pure turns invert
        return flipped(element) ? element : (4 - turns(element)) % 4;
    }

    @Override
    public int[] pixelSource(int element, int size) {
        int[] source = new int[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                // undo the turns, then the flip: the source pixel of (y, x)
                int sy = y;
                int sx = x;
                for (int t = 0; t < turns(element); t++) {
                    // a counter-clockwise quarter turn sends (y, x) to (size - 1 - x, y); its inverse is this
                    int ny = sx;
                    int nx = size - 1 - sy;
                    sy = ny;
                    sx = nx;
                }
                if (flipped(element)) {
                    sx = size - 1 - sx;
                }
                source[y * size + x] = sy * size + sx;
            }
        }
        return source;
    }
}
