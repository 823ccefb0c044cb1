package org.erlangen.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * A partition's edges as two arrays of ids, sender and receiver, instead of an object per edge: ten million edges
 * as tuples cost the heap ten times their ids' bytes and the collector a pass over each.
 */
final class EdgeBlock implements Serializable {
    private static final long serialVersionUID = 1L;
    final long[] senders;
    final long[] receivers;

    private EdgeBlock(long[] senders, long[] receivers) {
        this.senders = senders;
        this.receivers = receivers;
    }

    /** One block of a partition's (sender, receiver) pairs. */
    static Iterator<EdgeBlock> of(Iterator<Tuple2<Long, Long>> edges) {
        long[] s = new long[1024];
        long[] r = new long[1024];
        int n = 0;
        while (edges.hasNext()) {
            Tuple2<Long, Long> e = edges.next();
            if (n == s.length) {
                s = Arrays.copyOf(s, n * 2);
                r = Arrays.copyOf(r, n * 2);
            }
            s[n] = e._1();
            r[n] = e._2();
            n++;
        }
        return List.of(new EdgeBlock(Arrays.copyOf(s, n), Arrays.copyOf(r, n))).iterator();
    }

    int size() {
        return senders.length;
    }
}
