package org.erlangen.spark;

import java.io.Serializable;

/**
 * What a partition keeps of one node between layers: its current row, its in-degree and whether it has a self loop
 * (GCN's layers add one where there is none, and count it in the degree).
 */
public record NodeState(float[] row, int inDegree, boolean selfLoop) implements Serializable {
    /** The in-degree a layer counts: with the self loop GCN adds where there is none. */
    public int degree(boolean selfLoops) {
        return inDegree + (selfLoops && !selfLoop ? 1 : 0);
    }

    public NodeState withRow(float[] next) {
        return new NodeState(next, inDegree, selfLoop);
    }
}
