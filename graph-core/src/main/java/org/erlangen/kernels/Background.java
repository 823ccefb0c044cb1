package org.erlangen.kernels;

/**
 * Work that keeps threads of its own busy beside the caller's kernels while it lasts, such as a loader's sampling
 * workers preparing the next batches: the caller's kernels then take fewer threads
 * ({@link Concurrency#beside(int)}), so that together they keep to the level asked for.
 */
public interface Background {
    /** How many threads this work keeps busy. */
    int backgroundThreads();
}
