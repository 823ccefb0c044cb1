package org.erlangen.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.erlangen.primitives.LongIntMap;

/**
 * Rows summed per receiver within one partition, bound for the partition that holds those receivers: the partial
 * sums of a layer's messages. One record per pair of partitions is all a layer shuffles.
 */
final class SumBlock implements Serializable {
    private static final long serialVersionUID = 1L;
    final int target;
    final long[] receivers;
    final float[] rows;

    private SumBlock(int target, long[] receivers, float[] rows) {
        this.target = target;
        this.receivers = receivers;
        this.rows = rows;
    }

    /** The partition of {@code id}, as Spark's {@code HashPartitioner} places a {@code Long} key. */
    static int partition(long id, int partitions) {
        return Math.floorMod(Long.hashCode(id), partitions);
    }

    /** Sums rows per receiver for one target partition. */
    static final class Builder {
        private final int target;
        private final int width;
        private final LongIntMap index = new LongIntMap(1024);
        private long[] receivers = new long[1024];
        private float[] rows;
        private int size;

        Builder(int target, int width) {
            this.target = target;
            this.width = width;
            this.rows = new float[receivers.length * width];
        }

        /** {@code sums[receiver] += values[from .. from + width)}. */
        void add(long receiver, float[] values, int from) {
            int at = index.get(receiver);
            if (at < 0) {
                if (size == receivers.length) {
                    receivers = Arrays.copyOf(receivers, size * 2);
                    rows = Arrays.copyOf(rows, size * 2 * width);
                }
                at = size++;
                index.put(receiver, at);
                receivers[at] = receiver;
            }
            int base = at * width;
            for (int c = 0; c < width; c++) {
                rows[base + c] += values[from + c];
            }
        }

        SumBlock build() {
            return new SumBlock(target, Arrays.copyOf(receivers, size), Arrays.copyOf(rows, size * width));
        }
    }
}
