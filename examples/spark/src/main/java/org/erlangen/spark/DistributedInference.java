package org.erlangen.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
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
        JavaPairRDD<Long, float[]> features = graph.features().partitionBy(p).persist(StorageLevel.MEMORY_AND_DISK());
        JavaPairRDD<Long, Long> bySender = graph.edges().partitionBy(p).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            checkEndpoints(features, bySender, p);
            JavaPairRDD<Long, NodeState> state = inputs(model, initialStates(features, bySender, p));
            int layers = model.model().layerCount();
            for (int layer = 0; layer < layers; layer++) {
                JavaPairRDD<Long, NodeState> next = layer(model, state, bySender, layer, p)
                        .persist(StorageLevel.MEMORY_AND_DISK());
                next.count(); // materialise before the layer before is dropped
                state.unpersist(false);
                state = next;
            }
            return state.mapValues(NodeState::row);
        } finally {
            bySender.unpersist(false);
            features.unpersist(false);
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

    /** Fails, naming one, when an edge's sender or receiver is not a node of the table. */
    private static void checkEndpoints(JavaPairRDD<Long, float[]> features, JavaPairRDD<Long, Long> bySender,
            Partitioner p) {
        List<Long> sender = bySender.subtractByKey(features).keys().take(1);
        if (!sender.isEmpty()) {
            throw new IllegalArgumentException("an edge's sender " + sender.get(0) + " is not in the node table");
        }
        List<Long> receiver = bySender.mapToPair(Tuple2::swap).partitionBy(p).subtractByKey(features).keys().take(1);
        if (!receiver.isEmpty()) {
            throw new IllegalArgumentException("an edge's receiver " + receiver.get(0) + " is not in the node table");
        }
    }

    /** Each node's features with its in-degree and whether it has a self loop, in the nodes' partitions. */
    static JavaPairRDD<Long, NodeState> initialStates(JavaPairRDD<Long, float[]> features,
            JavaPairRDD<Long, Long> bySender, Partitioner p) {
        JavaPairRDD<Long, Integer> inDegree = bySender.mapToPair(e -> new Tuple2<>(e._2(), 1))
                .reduceByKey(p, Integer::sum);
        JavaPairRDD<Long, Boolean> loops = bySender.filter(e -> e._1().equals(e._2()))
                .mapToPair(e -> new Tuple2<>(e._1(), true)).reduceByKey(p, (a, b) -> a);
        return features.leftOuterJoin(inDegree, p).leftOuterJoin(loops, p).mapValues(
                v -> new NodeState(v._1()._1(), v._1()._2().orElse(0), v._2().orElse(false)));
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

    /** One layer over every node: messages, their sums per receiver, and the dense rest of the layer. */
    static JavaPairRDD<Long, NodeState> layer(ModelBroadcast model, JavaPairRDD<Long, NodeState> state,
            JavaPairRDD<Long, Long> bySender, int layer, Partitioner p) {
        boolean loops = model.blocks().selfLoops(layer);
        JavaPairRDD<Long, float[]> messages = state.mapPartitionsToPair(it -> Blocks.map(it, Blocks.SIZE, block -> {
            float[] m = model.blocks().messages(layer, rows(block), degrees(block, loops), block.size());
            List<Tuple2<Long, float[]>> out = new ArrayList<>(block.size());
            for (int i = 0; i < block.size(); i++) {
                out.add(new Tuple2<>(block.get(i)._1(), Blocks.row(m, block.size(), i)));
            }
            return out;
        }), true);
        JavaPairRDD<Long, float[]> sent = bySender.join(messages, p).mapToPair(e -> new Tuple2<>(e._2()._1(),
                e._2()._2()));
        if (loops) {
            // GCN's A + I: a node without a self loop also hears itself
            JavaPairRDD<Long, float[]> own = state.filter(s -> !s._2().selfLoop()).join(messages, p)
                    .mapValues(Tuple2::_2);
            sent = sent.union(own);
        }
        JavaPairRDD<Long, float[]> sums = sent.combineByKey(float[]::clone, DistributedInference::addInto,
                DistributedInference::addInto, p);
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
