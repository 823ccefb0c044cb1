package org.erlangen.spark;

import java.io.Serializable;

/**
 * What a partition keeps of one node between layers: its current row, its in-degree and whether it has a self loop
 * (GCN's layers add one where there is none, and count it in the degree). A class, not a record: Spark's Kryo
 * serialises classes by their fields and cannot build records.
 */
public final class NodeState implements Serializable {
    private static final long serialVersionUID = 1L;
    private final float[] row;
    private final int inDegree;
    private final boolean selfLoop;

    public NodeState(float[] row, int inDegree, boolean selfLoop) {
        this.row = row;
        this.inDegree = inDegree;
        this.selfLoop = selfLoop;
    }

    public float[] row() {
        return row;
    }

    public int inDegree() {
        return inDegree;
    }

    public boolean selfLoop() {
        return selfLoop;
    }

    /** The in-degree a layer counts: with the self loop GCN adds where there is none. */
    public int degree(boolean selfLoops) {
        return inDegree + (selfLoops && !selfLoop ? 1 : 0);
    }

    public NodeState withRow(float[] next) {
        return new NodeState(next, inDegree, selfLoop);
    }
}
