package org.erlangen.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.Optional;
import org.apache.spark.storage.StorageLevel;
import org.erlangen.gnn.models.PooledBlocks;
import scala.Tuple2;

/**
 * Layer-wise inference on Spark, as DistDGL's: every layer runs over all nodes with their full in-neighbourhoods.
 * Node states and edges are hash-partitioned by node id (the edges by sender, so the join of messages with edges
 * needs no shuffle); for each layer every partition forms its nodes' messages with Erlangen's own layer code
 * ({@link PooledBlocks}, the model's weights broadcast once), the join sends each along its sender's out-edges, the
 * sums per receiver meet in the receiver's partition (combined within each partition before the shuffle), and
 * every partition runs the dense rest of the layer on its nodes. The outputs equal single-machine layer-wise
 * inference up to the order of the sums. GCN, GraphSAGE (mean, sum) and GIN pool their senders this way; a model
 * with another layer is refused when it is loaded.
 */
public final class DistributedInference {
    private DistributedInference() {
    }

    /**
     * Every node's outputs (the last layer's, before any softmax) by id.
     *
     * @throws IllegalArgumentException when an edge names a node that is not in the node table, or a node's
     *     features are not as wide as the model's inputs
     */
    public static JavaPairRDD<Long, float[]> outputs(ModelBroadcast model, SparkGraph graph, int partitions) {
        Partitioner p = new HashPartitioner(partitions);
        JavaPairRDD<Long, float[]> features = graph.features().partitionBy(p);
        // each partition's out-edges (its nodes are their senders) as one block of arrays
        JavaRDD<EdgeBlock> edges = graph.edges().partitionBy(p).mapPartitions(EdgeBlock::of, true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaPairRDD<Long, NodeState> state = null;
        try {
            state = inputs(model, initialStates(features, edges, p)).persist(StorageLevel.MEMORY_AND_DISK());
            int layers = model.model().layerCount();
            for (int layer = 0; layer < layers; layer++) {
                JavaPairRDD<Long, NodeState> next = layer(model, state, edges, layer, p)
                        .persist(StorageLevel.MEMORY_AND_DISK());
                next.count(); // materialise before the layer before is dropped
                state.unpersist(false);
                state = next;
            }
            return state.mapValues(NodeState::row);
        } finally {
            edges.unpersist(false);
        }
    }

    /** Each node's class: the index of its largest output. */
    public static JavaPairRDD<Long, Integer> classes(JavaPairRDD<Long, float[]> outputs) {
        return outputs.mapValues(DistributedInference::argmax);
    }

    static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            best = row[i] > row[best] ? i : best;
        }
        return best;
    }

    /**
     * Each node's features with its in-degree and whether it has a self loop, in the nodes' partitions.
     *
     * @throws IllegalArgumentException when an edge's receiver is not a node of the table (its sender is checked
     *     where its message is formed)
     */
    static JavaPairRDD<Long, NodeState> initialStates(JavaPairRDD<Long, float[]> features, JavaRDD<EdgeBlock> edges,
            Partitioner p) {
        JavaPairRDD<Long, int[]> counts = edges.flatMapToPair(block -> {
            // per receiver: in-degree and self loops, combined within the partition first
            Map<Long, int[]> local = new HashMap<>();
            for (int e = 0; e < block.size(); e++) {
                int[] c = local.computeIfAbsent(block.receivers[e], k -> new int[2]);
                c[0]++;
                c[1] += block.senders[e] == block.receivers[e] ? 1 : 0;
            }
            return local.entrySet().stream().map(x -> new Tuple2<>(x.getKey(), x.getValue())).iterator();
        }).reduceByKey(p, (a, b) -> new int[] {a[0] + b[0], a[1] + b[1]});
        List<Long> stranger = counts.subtractByKey(features).keys().take(1);
        if (!stranger.isEmpty()) {
            throw new IllegalArgumentException("an edge's receiver " + stranger.get(0) + " is not in the node table");
        }
        return features.leftOuterJoin(counts, p).mapValues(v -> {
            int[] c = v._2().orElse(new int[2]);
            return new NodeState(v._1(), c[0], c[1] > 0);
        });
    }

    /** The first layer's inputs: the features, scaled when the model scales them. */
    private static JavaPairRDD<Long, NodeState> inputs(ModelBroadcast model, JavaPairRDD<Long, NodeState> states) {
        return states.mapPartitionsToPair(it -> Blocks.map(it, Blocks.SIZE, block -> {
            PooledBlocks blocks = model.blocks();
            int width = model.model().config().in();
            List<float[]> rows = new ArrayList<>(block.size());
            for (Tuple2<Long, NodeState> node : block) {
                float[] row = node._2().row();
                if (row.length != width) {
                    throw new IllegalArgumentException("node " + node._1() + " has " + row.length + " features; "
                            + "the model takes " + width);
                }
                rows.add(row);
            }
            float[] x = blocks.inputs(Blocks.concat(rows, width), block.size());
            return withRows(block, x);
        }), true);
    }

    /**
     * One layer over every node. Each partition forms its nodes' messages, joins them with its out-edges (held by
     * sender, so the join needs no shuffle) and sums them per receiver within the partition; the partial sums meet
     * in the receivers' partitions, where the dense rest of the layer runs.
     */
    static JavaPairRDD<Long, NodeState> layer(ModelBroadcast model, JavaPairRDD<Long, NodeState> state,
            JavaRDD<EdgeBlock> edges, int layer, Partitioner p) {
        boolean loops = model.blocks().selfLoops(layer);
        JavaPairRDD<Long, float[]> partial = state.zipPartitions(edges, (nodes, blocks) -> {
            Map<Long, float[]> messages = new HashMap<>();
            List<Long> hearsItself = new ArrayList<>(); // GCN's A + I: nodes without a self loop of their own
            Blocks.map(nodes, Blocks.SIZE, block -> {
                float[] m = model.blocks().messages(layer, rows(block), degrees(block, loops), block.size());
                for (int i = 0; i < block.size(); i++) {
                    messages.put(block.get(i)._1(), Blocks.row(m, block.size(), i));
                }
                for (Tuple2<Long, NodeState> node : block) {
                    if (loops && !node._2().selfLoop()) {
                        hearsItself.add(node._1());
                    }
                }
                return List.<Object>of();
            }).forEachRemaining(x -> { });
            Map<Long, float[]> sums = new HashMap<>();
            while (blocks.hasNext()) {
                EdgeBlock block = blocks.next();
                for (int e = 0; e < block.size(); e++) {
                    float[] m = messages.get(block.senders[e]);
                    if (m == null) {
                        throw new IllegalArgumentException("an edge's sender " + block.senders[e]
                                + " is not in the node table");
                    }
                    add(sums, block.receivers[e], m);
                }
            }
            for (long node : hearsItself) {
                add(sums, node, messages.get(node));
            }
            return sums.entrySet().stream().map(x -> new Tuple2<>(x.getKey(), x.getValue())).iterator();
        }).mapToPair(x -> x);
        JavaPairRDD<Long, float[]> sums = partial.reduceByKey(p, DistributedInference::addInto);
        return state.leftOuterJoin(sums, p).mapPartitionsToPair(it -> Blocks.map(it, Blocks.SIZE, block -> {
            PooledBlocks blocks = model.blocks();
            int rows = block.size();
            int width = blocks.messageWidth(layer);
            float[] pooled = new float[rows * width];
            float[] own = new float[rows * block.get(0)._2()._1().row().length];
            int[] degree = new int[rows];
            for (int i = 0; i < rows; i++) {
                Tuple2<NodeState, Optional<float[]>> node = block.get(i)._2();
                if (node._2().isPresent()) {
                    System.arraycopy(node._2().get(), 0, pooled, i * width, width);
                }
                float[] row = node._1().row();
                System.arraycopy(row, 0, own, i * row.length, row.length);
                degree[i] = node._1().degree(loops);
            }
            float[] y = blocks.outputs(layer, pooled, own, degree, rows);
            List<Tuple2<Long, NodeState>> out = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                out.add(new Tuple2<>(block.get(i)._1(), block.get(i)._2()._1().withRow(Blocks.row(y, rows, i))));
            }
            return out;
        }), true);
    }

    /** {@code sums[receiver] += m}, a copy of {@code m} the first time. */
    private static void add(Map<Long, float[]> sums, long receiver, float[] m) {
        float[] sum = sums.get(receiver);
        if (sum == null) {
            sums.put(receiver, m.clone());
        } else {
            addInto(sum, m);
        }
    }

    private static float[] rows(List<Tuple2<Long, NodeState>> block) {
        List<float[]> rows = new ArrayList<>(block.size());
        for (Tuple2<Long, NodeState> node : block) {
            rows.add(node._2().row());
        }
        return Blocks.concat(rows, rows.get(0).length);
    }

    private static int[] degrees(List<Tuple2<Long, NodeState>> block, boolean loops) {
        int[] d = new int[block.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = block.get(i)._2().degree(loops);
        }
        return d;
    }

    private static List<Tuple2<Long, NodeState>> withRows(List<Tuple2<Long, NodeState>> block, float[] rows) {
        List<Tuple2<Long, NodeState>> out = new ArrayList<>(block.size());
        for (int i = 0; i < block.size(); i++) {
            out.add(new Tuple2<>(block.get(i)._1(), block.get(i)._2().withRow(Blocks.row(rows, block.size(), i))));
        }
        return out;
    }

    private static float[] addInto(float[] sum, float[] add) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += add[i];
        }
        return sum;
    }
}
