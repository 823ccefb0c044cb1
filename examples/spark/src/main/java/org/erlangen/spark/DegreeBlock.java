package org.erlangen.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.erlangen.primitives.LongIntMap;

/**
 * In-degrees and self loops counted per receiver within one partition, bound for the partition that holds those
 * receivers: integers, exact at any degree (a hub's count in a float would stop at 2^24).
 */
final class DegreeBlock implements Serializable {
    private static final long serialVersionUID = 1L;
    final int target;
    final long[] receivers;
    final long[] inEdges;
    final boolean[] selfLoop;

    private DegreeBlock(int target, long[] receivers, long[] inEdges, boolean[] selfLoop) {
        this.target = target;
        this.receivers = receivers;
        this.inEdges = inEdges;
        this.selfLoop = selfLoop;
    }

    /** Counts in-edges and self loops per receiver for one target partition. */
    static final class Builder {
        private final int target;
        private final LongIntMap index = new LongIntMap(1024);
        private long[] receivers = new long[1024];
        private long[] inEdges = new long[1024];
        private boolean[] selfLoop = new boolean[1024];
        private int size;

        Builder(int target) {
            this.target = target;
        }

        void add(long sender, long receiver) {
            int at = index.get(receiver);
            if (at < 0) {
                if (size == receivers.length) {
                    receivers = Arrays.copyOf(receivers, size * 2);
                    inEdges = Arrays.copyOf(inEdges, size * 2);
                    selfLoop = Arrays.copyOf(selfLoop, size * 2);
                }
                at = size++;
                index.put(receiver, at);
                receivers[at] = receiver;
            }
            inEdges[at]++;
            selfLoop[at] |= sender == receiver;
        }

        DegreeBlock build() {
            return new DegreeBlock(target, Arrays.copyOf(receivers, size), Arrays.copyOf(inEdges, size),
                    Arrays.copyOf(selfLoop, size));
        }
    }
}
