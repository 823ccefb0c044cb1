package org.erlangen.spark;

/** A seeded split of nodes by id: the same node falls on the same side in every task and every run. */
final class Holdout {
    private Holdout() {
    }

    /** Whether node {@code id} is held out, with probability {@code fraction}. */
    static boolean held(long id, long seed, double fraction) {
        long z = id * 0x9E3779B97F4A7C15L + seed;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53 < fraction;
    }
}
