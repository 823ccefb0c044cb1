package org.erlangen.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import org.erlangen.primitives.LongIntMap;
import scala.Tuple2;

/**
 * A partition's nodes between layers, as arrays: ids, their current rows (row-major), in-degrees and whether each has
 * a self loop (GCN's layers add one where there is none, and count it in the degree). An object per node would cost
 * the heap and the collector more than the rows themselves.
 */
final class NodeBlock implements Serializable {
    private static final long serialVersionUID = 1L;
    final long[] ids;
    final float[] rows;
    final int width;
    final int[] inDegree;
    final boolean[] selfLoop;
    /** Built on first use and passed on from layer to layer (the ids stay); rebuilt after a spill. */
    private transient LongIntMap index;

    NodeBlock(long[] ids, float[] rows, int width, int[] inDegree, boolean[] selfLoop) {
        this(ids, rows, width, inDegree, selfLoop, null);
    }

    private NodeBlock(long[] ids, float[] rows, int width, int[] inDegree, boolean[] selfLoop, LongIntMap index) {
        this.ids = ids;
        this.rows = rows;
        this.width = width;
        this.inDegree = inDegree;
        this.selfLoop = selfLoop;
        this.index = index;
    }

    /** One block of a partition's (id, features) pairs, every row as wide as the first. */
    static Iterator<NodeBlock> of(Iterator<Tuple2<Long, float[]>> nodes) {
        long[] ids = new long[1024];
        float[] rows = null;
        int width = -1;
        int n = 0;
        while (nodes.hasNext()) {
            Tuple2<Long, float[]> node = nodes.next();
            float[] x = node._2();
            if (width < 0) {
                width = x.length;
                rows = new float[ids.length * width];
            } else if (x.length != width) {
                throw new IllegalArgumentException("node " + node._1() + " has " + x.length + " features, node "
                        + ids[0] + " has " + width);
            }
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, n * 2);
                rows = Arrays.copyOf(rows, n * 2 * width);
            }
            ids[n] = node._1();
            System.arraycopy(x, 0, rows, n * width, width);
            n++;
        }
        width = Math.max(width, 0);
        return java.util.List.of(new NodeBlock(Arrays.copyOf(ids, n), rows == null ? new float[0]
                : Arrays.copyOf(rows, n * width), width, new int[n], new boolean[n])).iterator();
    }

    int size() {
        return ids.length;
    }

    /** Each node's position in the block; a node id the table holds twice is refused (its rows would be lost). */
    LongIntMap index() {
        if (index == null) {
            LongIntMap built = new LongIntMap(ids.length);
            for (int i = 0; i < ids.length; i++) {
                if (built.put(ids[i], i) >= 0) {
                    throw new IllegalArgumentException("node " + ids[i] + " is in the node table twice");
                }
            }
            index = built;
        }
        return index;
    }

    /** The in-degrees a layer counts: with the self loop GCN adds where there is none. */
    int[] degrees(boolean selfLoops) {
        int[] d = inDegree.clone();
        for (int i = 0; i < d.length && selfLoops; i++) {
            d[i] += selfLoop[i] ? 0 : 1;
        }
        return d;
    }

    NodeBlock withRows(float[] next, int nextWidth) {
        return new NodeBlock(ids, next, nextWidth, inDegree, selfLoop, index);
    }
}
