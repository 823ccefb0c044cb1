package org.erlangen.neo4j.procedures;

import org.erlangen.neo4j.model.MemoryEstimate;

/** What an {@code .estimate} procedure yields, in the shape of Neo4j GDS's estimates. */
public final class MemoryRow {
    public String requiredMemory;
    public long bytesMin;
    public long bytesMax;
    public long nodeCount;
    public long relationshipCount;
    public long limit;
    public boolean fits;

    static MemoryRow of(MemoryEstimate estimate, long limit) {
        MemoryRow row = new MemoryRow();
        row.requiredMemory = estimate.requiredMemory();
        row.bytesMin = estimate.bytesMin();
        row.bytesMax = estimate.bytesMax();
        row.nodeCount = estimate.nodes();
        row.relationshipCount = estimate.relationships();
        row.limit = limit;
        row.fits = estimate.bytesMax() <= limit;
        return row;
    }
}
