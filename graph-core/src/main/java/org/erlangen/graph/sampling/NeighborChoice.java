package org.erlangen.graph.sampling;

/**
 * How the in-edges of one node are drawn, given a bounded fanout (never -1: taking all is the sampler's job). Edges
 * are CSR entries {@code [start, end)} of the node's row.
 */
interface NeighborChoice {
    /** How many entries {@link #choose} will write for this row. */
    int count(int start, int end, int fanout);

    /** Writes {@link #count} chosen entries of {@code [start, end)} to {@code out[at..]}. */
    void choose(int start, int end, int fanout, NodeRandom random, ChoiceScratch scratch, int[] out, int at);
}
