package org.erlangen.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.erlangen.graph.Graph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One partition's part of the graph for data-parallel training: its own nodes and the halo their neighbourhoods
 * reach (ids sorted, so a node's local index follows its id), the features of all of them, the in-edges a sampler
 * walks from the training nodes outward (in the order of the whole edge table), and the training nodes' labels.
 * With one partition it is the whole graph, numbered as one machine numbers it. (A class, not a record: Spark's
 * Kryo cannot build records.)
 */
public final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long[] ids;
    private final float[] features;
    private final int width;
    private final int[] senders;
    private final int[] receivers;
    private final int[] labels;
    private final int[] train;

    public Shard(long[] ids, float[] features, int width, int[] senders, int[] receivers, int[] labels, int[] train) {
        this.ids = ids;
        this.features = features;
        this.width = width;
        this.senders = senders;
        this.receivers = receivers;
        this.labels = labels;
        this.train = train;
    }

    /** The shard's node ids, ascending. */
    public long[] ids() {
        return ids;
    }

    /** How many edges the shard holds. */
    public int edgeCount() {
        return senders.length;
    }

    /** A class per shard node, -1 where it trains on none. */
    public int[] labels() {
        return labels;
    }

    /** The local indices of the shard's training nodes. */
    public int[] train() {
        return train;
    }

    /** The shard as a graph with node features and targets (-1: unlabelled). */
    public Graph graph() {
        int n = ids.length;
        var builder = Graph.builder(n).edges(senders, receivers);
        if (n > 0) {
            builder.nodeFeatures(Nd4j.createFromArray(features).reshape(n, width));
        }
        return builder.nodeTargets(Nd4j.createFromArray(Arrays.stream(labels).asLongStream().toArray())
                .castTo(DataType.INT64)).build();
    }
}
