package org.erlangen.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * A partition's records a block at a time: the dense part of a layer runs on a matrix of many rows (one product, not
 * one per node), and a partition never holds more than a block of them besides its input.
 */
final class Blocks {
    /** Rows per block: large enough that a block's dense products stay efficient. */
    static final int SIZE = 8192;

    private Blocks() {
    }

    /** {@code f} applied to consecutive blocks of at most {@code size} records of {@code in}, lazily. */
    static <A, B> Iterator<B> map(Iterator<A> in, int size, Function<List<A>, List<B>> f) {
        return new Iterator<>() {
            private Iterator<B> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && in.hasNext()) {
                    List<A> block = new ArrayList<>(size);
                    while (block.size() < size && in.hasNext()) {
                        block.add(in.next());
                    }
                    current = f.apply(block).iterator();
                }
                return current.hasNext();
            }

            @Override
            public B next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** Rows of equal width, one after the other. */
    static float[] concat(List<float[]> rows, int width) {
        float[] out = new float[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            float[] row = rows.get(i);
            if (row.length != width) {
                throw new IllegalArgumentException("a row of " + row.length + " values among rows of " + width);
            }
            System.arraycopy(row, 0, out, i * width, width);
        }
        return out;
    }

    /** Row {@code i} of a row-major block of {@code rows} rows. */
    static float[] row(float[] block, int rows, int i) {
        int width = block.length / rows;
        float[] out = new float[width];
        System.arraycopy(block, i * width, out, 0, width);
        return out;
    }
}
