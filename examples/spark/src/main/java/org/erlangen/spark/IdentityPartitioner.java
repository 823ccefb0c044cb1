package org.erlangen.spark;

import org.apache.spark.Partitioner;

/** Partition {@code k} for the integer key {@code k}: the records addressed to partition k meet there. */
final class IdentityPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    IdentityPartitioner(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return (Integer) key;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdentityPartitioner p && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return partitions;
    }
}
