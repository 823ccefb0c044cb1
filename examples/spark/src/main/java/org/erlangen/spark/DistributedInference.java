package org.erlangen.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.erlangen.gnn.models.PooledBlocks;
import org.erlangen.primitives.LongIntMap;
import scala.Tuple2;

/**
 * Layer-wise inference on Spark, as DistDGL's: every layer runs over all nodes with their full in-neighbourhoods.
 * Nodes and edges are hash-partitioned by node id, the edges by sender, each partition's held as arrays
 * ({@link NodeBlock}, {@link EdgeBlock}). For each layer every partition forms its nodes' messages with Erlangen's
 * own layer code ({@link PooledBlocks}, the model file broadcast once), joins them with its out-edges (no shuffle:
 * they are its own nodes' edges) and sums them per receiver ({@link SumBlock}, one per receiving partition); the
 * shuffle carries those partial sums to the receivers' partitions, which run the dense rest of the layer. The
 * outputs equal single-machine layer-wise inference up to the order of the sums. GCN, GraphSAGE (mean, sum) and GIN
 * pool their senders this way; a model with another layer is refused when it is broadcast
 * ({@link ModelBroadcast#of}).
 */
public final class DistributedInference {
    /** Rows per dense step: large enough that a chunk's products stay efficient. */
    static final int CHUNK = 8192;

    private DistributedInference() {
    }

    /**
     * Every node's outputs (the last layer's, before any softmax), held in the cache until the result is closed. An
     * edge naming a node that is not in the node table, a node id the table holds twice, and features not as wide as
     * the model's inputs fail the job with a message that names them.
     */
    public static Outputs run(ModelBroadcast model, SparkGraph graph, int partitions) {
        Partitioner p = new HashPartitioner(partitions);
        Partitioner byTarget = new IdentityPartitioner(partitions);
        JavaRDD<EdgeBlock> edges = graph.edges().partitionBy(p).mapPartitions(EdgeBlock::of, true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<NodeBlock> nodes = null;
        try {
            nodes = graph.features().partitionBy(p).mapPartitions(NodeBlock::of, true);
            nodes = inputs(model, withDegrees(nodes, edges, byTarget)).persist(StorageLevel.MEMORY_AND_DISK());
            int layers = model.model().layerCount();
            for (int layer = 0; layer < layers; layer++) {
                JavaRDD<NodeBlock> next = layer(model, nodes, edges, layer, byTarget)
                        .persist(StorageLevel.MEMORY_AND_DISK());
                next.count(); // materialise before the layer before is dropped
                nodes.unpersist(false);
                nodes = next;
            }
            return new Outputs(nodes);
        } catch (RuntimeException e) {
            if (nodes != null) {
                nodes.unpersist(false);
            }
            throw e;
        } finally {
            edges.unpersist(false);
        }
    }

    /** The outputs of {@link #run}: every node's row, read from blocks held in the cache until {@link #close}. */
    public static final class Outputs implements AutoCloseable {
        private final JavaRDD<NodeBlock> blocks;

        private Outputs(JavaRDD<NodeBlock> blocks) {
            this.blocks = blocks;
        }

        /** Each node's outputs by id. */
        public JavaPairRDD<Long, float[]> rows() {
            return blocks.flatMapToPair(block -> {
                List<Tuple2<Long, float[]>> out = new ArrayList<>(block.size());
                for (int i = 0; i < block.size(); i++) {
                    out.add(new Tuple2<>(block.ids[i], Arrays.copyOfRange(block.rows, i * block.width,
                            (i + 1) * block.width)));
                }
                return out.iterator();
            });
        }

        /** Each node's class: the index of its largest output. */
        public JavaPairRDD<Long, Integer> classes() {
            return DistributedInference.classes(rows());
        }

        @Override
        public void close() {
            blocks.unpersist(false);
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

    /** The nodes with their in-degrees and self loops, counted where the edges lie and summed where the nodes do. */
    private static JavaRDD<NodeBlock> withDegrees(JavaRDD<NodeBlock> nodes, JavaRDD<EdgeBlock> edges,
            Partitioner byTarget) {
        int partitions = byTarget.numPartitions();
        JavaRDD<DegreeBlock> counts = edges.mapPartitions(blocks -> {
            DegreeBlock.Builder[] out = new DegreeBlock.Builder[partitions];
            for (int q = 0; q < partitions; q++) {
                out[q] = new DegreeBlock.Builder(q);
            }
            while (blocks.hasNext()) {
                EdgeBlock block = blocks.next();
                for (int e = 0; e < block.size(); e++) {
                    long r = block.receivers[e];
                    out[SumBlock.partition(r, partitions)].add(block.senders[e], r);
                }
            }
            List<DegreeBlock> built = new ArrayList<>(partitions);
            for (DegreeBlock.Builder b : out) {
                built.add(b.build());
            }
            return built.iterator();
        }).mapToPair(b -> new Tuple2<>(b.target, b)).partitionBy(byTarget).values();
        return nodes.zipPartitions(counts, (blocks, degrees) -> {
            NodeBlock block = blocks.next();
            LongIntMap index = block.index();
            while (degrees.hasNext()) {
                DegreeBlock d = degrees.next();
                for (int i = 0; i < d.receivers.length; i++) {
                    int at = index.get(d.receivers[i]);
                    if (at < 0) {
                        throw new IllegalArgumentException("an edge's receiver " + d.receivers[i]
                                + " is not in the node table");
                    }
                    block.inDegree[at] = Math.toIntExact(block.inDegree[at] + d.inEdges[i]);
                    block.selfLoop[at] |= d.selfLoop[i];
                }
            }
            return List.of(block).iterator();
        });
    }

    /** The first layer's inputs: the features, scaled when the model scales them. */
    private static JavaRDD<NodeBlock> inputs(ModelBroadcast model, JavaRDD<NodeBlock> nodes) {
        return nodes.map(block -> {
            int width = model.model().config().in();
            if (block.size() > 0 && block.width != width) {
                throw new IllegalArgumentException("node " + block.ids[0] + " has " + block.width + " features; "
                        + "the model takes " + width);
            }
            PooledBlocks blocks = model.blocks();
            float[] x = chunked(block.size(), block.width, block.rows, width,
                    (from, rows, in) -> blocks.inputs(in, rows));
            return block.withRows(x, width);
        });
    }

    /**
     * One layer over every node. Each partition forms its nodes' messages, joins them with its out-edges and sums
     * them per receiver, one {@link SumBlock} per receiving partition; the shuffle brings each partition the sums
     * for its nodes, and the dense rest of the layer runs there.
     */
    static JavaRDD<NodeBlock> layer(ModelBroadcast model, JavaRDD<NodeBlock> nodes, JavaRDD<EdgeBlock> edges,
            int layer, Partitioner byTarget) {
        int partitions = byTarget.numPartitions();
        PooledBlocks driverSide = model.blocks();
        boolean loops = driverSide.selfLoops(layer);
        int width = driverSide.messageWidth(layer);
        JavaRDD<SumBlock> sums = shuffle(nodes.zipPartitions(edges, (nodeBlocks, edgeBlocks) -> {
            NodeBlock block = nodeBlocks.next();
            PooledBlocks blocks = model.blocks();
            int[] degree = block.degrees(loops);
            float[] messages = chunked(block.size(), block.width, block.rows, width,
                    (from, rows, in) -> blocks.messages(layer, in, Arrays.copyOfRange(degree, from, from + rows),
                            rows));
            LongIntMap index = block.index();
            SumBlock.Builder[] out = builders(partitions, width);
            while (edgeBlocks.hasNext()) {
                EdgeBlock e = edgeBlocks.next();
                for (int k = 0; k < e.size(); k++) {
                    int sender = index.get(e.senders[k]);
                    if (sender < 0) {
                        throw new IllegalArgumentException("an edge's sender " + e.senders[k]
                                + " is not in the node table");
                    }
                    long r = e.receivers[k];
                    out[SumBlock.partition(r, partitions)].add(r, messages, sender * width);
                }
            }
            for (int i = 0; i < block.size() && loops; i++) {
                if (!block.selfLoop[i]) { // GCN's A + I: a node without a self loop also hears itself
                    out[SumBlock.partition(block.ids[i], partitions)].add(block.ids[i], messages, i * width);
                }
            }
            return built(out);
        }), byTarget);
        return nodes.zipPartitions(sums, (nodeBlocks, sumBlocks) -> {
            NodeBlock block = nodeBlocks.next();
            PooledBlocks blocks = model.blocks();
            LongIntMap index = block.index();
            float[] pooled = new float[block.size() * width];
            while (sumBlocks.hasNext()) {
                SumBlock sum = sumBlocks.next();
                for (int i = 0; i < sum.receivers.length; i++) {
                    int at = index.get(sum.receivers[i]) * width;
                    for (int c = 0; c < width; c++) {
                        pooled[at + c] += sum.rows[i * width + c];
                    }
                }
            }
            int[] degree = block.degrees(loops);
            int outWidth = blocks.outputWidth(layer);
            float[] y = chunked(block.size(), width, pooled, outWidth, (from, rows, in) -> blocks.outputs(layer, in,
                    Arrays.copyOfRange(block.rows, from * block.width, (from + rows) * block.width),
                    Arrays.copyOfRange(degree, from, from + rows), rows));
            return List.of(block.withRows(y, outWidth)).iterator();
        });
    }

    /** Sum blocks moved to the partitions that hold their receivers. */
    private static JavaRDD<SumBlock> shuffle(JavaRDD<SumBlock> blocks, Partitioner byTarget) {
        return blocks.mapToPair(b -> new Tuple2<>(b.target, b)).partitionBy(byTarget).values();
    }

    private static SumBlock.Builder[] builders(int partitions, int width) {
        SumBlock.Builder[] out = new SumBlock.Builder[partitions];
        for (int q = 0; q < partitions; q++) {
            out[q] = new SumBlock.Builder(q, width);
        }
        return out;
    }

    private static Iterator<SumBlock> built(SumBlock.Builder[] builders) {
        List<SumBlock> out = new ArrayList<>(builders.length);
        for (SumBlock.Builder b : builders) {
            out.add(b.build());
        }
        return out.iterator();
    }

    /** A step on rows {@code [from, from + rows)} of a block, given as their own flat array. */
    private interface ChunkStep {
        float[] apply(int from, int rows, float[] in);
    }

    /** {@code step} over consecutive chunks of {@link #CHUNK} rows, its outputs {@code outWidth} wide. */
    private static float[] chunked(int n, int inWidth, float[] in, int outWidth, ChunkStep step) {
        float[] out = new float[n * outWidth];
        for (int from = 0; from < n; from += CHUNK) {
            int rows = Math.min(CHUNK, n - from);
            float[] y = step.apply(from, rows, Arrays.copyOfRange(in, from * inWidth, (from + rows) * inWidth));
            System.arraycopy(y, 0, out, from * outWidth, y.length);
        }
        return out;
    }
}
