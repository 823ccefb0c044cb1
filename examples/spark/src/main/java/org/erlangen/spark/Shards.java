package org.erlangen.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.erlangen.primitives.LongIntMap;
import scala.Tuple2;

/**
 * Builds each partition's {@link Shard} for data-parallel training, on arrays moved in blocks (one record per pair of
 * partitions per step, never one per edge). The edges are held by their receiver's partition, sorted by receiver
 * ({@link EdgeStore}). Hop by hop, each shard asks the partitions that hold its frontier's in-edges for them: first its
 * training nodes' (held by itself), then those of the senders reached, {@code layers} hops in all. Then it asks the
 * nodes' partitions for the features of the senders it does not hold. Each edge keeps its position in the edge table,
 * so a shard lists its edges in the table's order and one shard is the whole graph as one machine reads it.
 */
final class Shards {
    private Shards() {
    }

    /** A partition's edges by receiver: sorted by (receiver, position in the edge table). */
    static final class EdgeStore implements Serializable {
        private static final long serialVersionUID = 1L;
        final long[] senders;
        final long[] receivers;
        final long[] positions;
        private transient LongIntMap first; // rebuilt where the store is read back: the map is not serialisable

        /** Groups {@code all} by receiver (a counting sort: the order within a receiver's edges is kept). */
        EdgeStore(Triples all) {
            int n = all.size;
            LongIntMap group = new LongIntMap(Math.max(16, n / 8));
            int[] groupOf = new int[n];
            int groups = 0;
            for (int i = 0; i < n; i++) {
                int g = group.get(all.receivers[i]);
                if (g < 0) {
                    g = groups++;
                    group.put(all.receivers[i], g);
                }
                groupOf[i] = g;
            }
            int[] start = new int[groups + 1];
            for (int i = 0; i < n; i++) {
                start[groupOf[i] + 1]++;
            }
            for (int g = 0; g < groups; g++) {
                start[g + 1] += start[g];
            }
            int[] next = Arrays.copyOf(start, groups);
            senders = new long[n];
            receivers = new long[n];
            positions = new long[n];
            for (int i = 0; i < n; i++) {
                int at = next[groupOf[i]]++;
                senders[at] = all.senders[i];
                receivers[at] = all.receivers[i];
                positions[at] = all.positions[i];
            }
        }

        /** Where each receiver's run of edges starts. */
        private LongIntMap first() {
            if (first == null) {
                LongIntMap index = new LongIntMap(Math.max(16, receivers.length / 4));
                for (int i = 0; i < receivers.length; i++) {
                    if (i == 0 || receivers[i] != receivers[i - 1]) {
                        index.put(receivers[i], i);
                    }
                }
                first = index;
            }
            return first;
        }

        /**
         * Adds the in-edges of {@code node} to {@code out}: all of them, or {@code limit} drawn uniformly without
         * replacement (keyed by seed, hop and node, so a retried task draws the same) when it has more.
         */
        void inEdges(long node, Triples out, int limit, long seed) {
            int at = first().get(node);
            if (at < 0) {
                return;
            }
            int end = at;
            while (end < receivers.length && receivers[end] == node) {
                end++;
            }
            int count = end - at;
            if (limit <= 0 || count <= limit) {
                for (int i = at; i < end; i++) {
                    out.add(senders[i], receivers[i], positions[i]);
                }
                return;
            }
            int[] pick = new int[count];
            for (int i = 0; i < count; i++) {
                pick[i] = i;
            }
            var random = new java.util.SplittableRandom(seed ^ (node * 0x9E3779B97F4A7C15L));
            for (int i = 0; i < limit; i++) { // a partial Fisher-Yates shuffle
                int j = i + random.nextInt(count - i);
                int t = pick[i];
                pick[i] = pick[j];
                pick[j] = t;
            }
            for (int i = 0; i < limit; i++) {
                int e = at + pick[i];
                out.add(senders[e], receivers[e], positions[e]);
            }
        }
    }

    /** Growable (sender, receiver, position) arrays, with the partition they are bound for. */
    static final class Triples implements Serializable {
        private static final long serialVersionUID = 1L;
        int target;
        long[] senders = new long[16];
        long[] receivers = new long[16];
        long[] positions = new long[16];
        int size;

        Triples(int target) {
            this.target = target;
        }

        void add(long s, long r, long position) {
            if (size == senders.length) {
                senders = Arrays.copyOf(senders, size * 2);
                receivers = Arrays.copyOf(receivers, size * 2);
                positions = Arrays.copyOf(positions, size * 2);
            }
            senders[size] = s;
            receivers[size] = r;
            positions[size] = position;
            size++;
        }

        void addAll(Triples other) {
            int need = size + other.size;
            if (need > senders.length) {
                int capacity = Math.max(need, senders.length * 2);
                senders = Arrays.copyOf(senders, capacity);
                receivers = Arrays.copyOf(receivers, capacity);
                positions = Arrays.copyOf(positions, capacity);
            }
            System.arraycopy(other.senders, 0, senders, size, other.size);
            System.arraycopy(other.receivers, 0, receivers, size, other.size);
            System.arraycopy(other.positions, 0, positions, size, other.size);
            size = need;
        }
    }

    /** Node ids asked for by (or sent to) partition {@code owner}, bound for partition {@code target}. */
    static final class Ids implements Serializable {
        private static final long serialVersionUID = 1L;
        final int target;
        final int owner;
        final long[] ids;

        Ids(int target, int owner, long[] ids) {
            this.target = target;
            this.owner = owner;
            this.ids = ids;
        }
    }

    /** Feature rows bound for partition {@code target}. */
    static final class Rows implements Serializable {
        private static final long serialVersionUID = 1L;
        final int target;
        final long[] ids;
        final float[] rows;
        final int width;

        Rows(int target, long[] ids, float[] rows, int width) {
            this.target = target;
            this.ids = ids;
            this.rows = rows;
            this.width = width;
        }
    }

    /**
     * What a shard has gathered so far: its training nodes, its edges, the nodes whose in-edges it has, the next
     * ones to ask for.
     */
    static final class Draft implements Serializable {
        private static final long serialVersionUID = 1L;
        final Training training;
        final Triples edges;
        final long[] expanded; // sorted
        final long[] frontier;

        Draft(Training training, Triples edges, long[] expanded, long[] frontier) {
            this.training = training;
            this.edges = edges;
            this.expanded = expanded;
            this.frontier = frontier;
        }
    }

    /** A shard's node rows: its own partition's and the halo's it asked for. */
    static final class Features implements Serializable {
        private static final long serialVersionUID = 1L;
        final NodeBlock own;
        final List<Rows> halo;

        Features(NodeBlock own, List<Rows> halo) {
            this.own = own;
            this.halo = halo;
        }
    }

    /** The training nodes of a partition and their classes. */
    static final class Training implements Serializable {
        private static final long serialVersionUID = 1L;
        final long[] ids;
        final int[] labels;

        Training(long[] ids, int[] labels) {
            this.ids = ids;
            this.labels = labels;
        }
    }

    /**
     * The shards of {@code partitions} partitions for training nodes {@code train} and a model of {@code layers}
     * layers. {@code haloFanouts}: at most this many in-edges of a node at each hop (from the training nodes
     * outward; 0 or null: all), drawn once per run with {@code seed}, which bounds a shard's memory by the training
     * nodes it holds instead of by the graph's reach.
     */
    static JavaRDD<Shard> build(SparkGraph graph, JavaPairRDD<Long, Integer> train, int layers, int partitions,
            int[] haloFanouts, long seed) {
        Partitioner hash = new HashPartitioner(partitions);
        Partitioner byTarget = new IdentityPartitioner(partitions);
        JavaRDD<EdgeStore> stores = shuffle(graph.edges().mapPartitionsWithIndex((part, it) -> {
            Triples[] out = triples(partitions);
            long position = (long) part << 40; // the edge table's order: partition, then place in it
            while (it.hasNext()) {
                Tuple2<Long, Long> e = it.next();
                out[SumBlock.partition(e._2(), partitions)].add(e._1(), e._2(), position++);
            }
            return Arrays.asList(out).iterator();
        }, true), byTarget, t -> t.target).mapPartitions(it -> {
            Triples all = new Triples(-1);
            it.forEachRemaining(all::addAll);
            return List.of(new EdgeStore(all)).iterator();
        }).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<NodeBlock> nodes = graph.features().partitionBy(hash).mapPartitions(NodeBlock::of, true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<Training> training = train.partitionBy(hash).mapPartitions(it -> {
            List<Tuple2<Long, Integer>> rows = new ArrayList<>();
            it.forEachRemaining(rows::add);
            rows.sort((a, b) -> Long.compare(a._1(), b._1()));
            long[] ids = new long[rows.size()];
            int[] labels = new int[rows.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = rows.get(i)._1();
                labels[i] = rows.get(i)._2();
                if (labels[i] < 0) {
                    throw new IllegalArgumentException("training node " + ids[i] + " has class " + labels[i]
                            + "; classes are 0 or more");
                }
            }
            return List.of(new Training(ids, labels)).iterator();
        }, true).persist(StorageLevel.MEMORY_AND_DISK());
        List<JavaRDD<Draft>> hops = new ArrayList<>();
        try {
            JavaRDD<Draft> drafts = training.map(t -> new Draft(t, new Triples(-1), new long[0], t.ids));
            for (int hop = 0; hop < layers; hop++) {
                int limit = haloFanouts == null || hop >= haloFanouts.length ? 0 : haloFanouts[hop];
                drafts = hop(drafts, stores, byTarget, limit, seed + 1_000_003L * hop)
                        .persist(StorageLevel.MEMORY_AND_DISK());
                hops.add(drafts);
            }
            // the features of the senders a shard does not hold, from the partitions that do
            JavaRDD<Ids> asked = shuffle(drafts.zipPartitions(nodes, (ds, ns) -> {
                Draft d = ds.next();
                NodeBlock own = ns.next();
                LongIntMap held = own.index();
                long[] senders = distinct(Arrays.copyOf(d.edges.senders, d.edges.size));
                return split(senders, held, partitions, org.apache.spark.TaskContext.getPartitionId());
            }), byTarget, i -> i.target);
            JavaRDD<Rows> answered = shuffle(nodes.zipPartitions(asked, (ns, requests) -> {
                NodeBlock own = ns.next();
                LongIntMap index = own.index();
                List<Rows> out = new ArrayList<>();
                while (requests.hasNext()) {
                    Ids r = requests.next();
                    float[] rows = new float[r.ids.length * own.width];
                    for (int i = 0; i < r.ids.length; i++) {
                        int at = index.get(r.ids[i]);
                        if (at < 0) {
                            throw new IllegalArgumentException("an edge's sender " + r.ids[i]
                                    + " is not in the node table");
                        }
                        System.arraycopy(own.rows, at * own.width, rows, i * own.width, own.width);
                    }
                    out.add(new Rows(r.owner, r.ids, rows, own.width));
                }
                return out.iterator();
            }), byTarget, r -> r.target);
            JavaRDD<Features> features = nodes.zipPartitions(answered, (ns, rs) -> {
                List<Rows> halo = new ArrayList<>();
                rs.forEachRemaining(halo::add);
                return List.of(new Features(ns.next(), halo)).iterator();
            });
            JavaRDD<Shard> shards = drafts.zipPartitions(features, Shards::assemble)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            shards.count(); // built: what it was built from can go
            return shards;
        } finally {
            stores.unpersist(false);
            nodes.unpersist(false);
            training.unpersist(false);
            for (JavaRDD<Draft> d : hops) {
                d.unpersist(false);
            }
        }
    }

    /** One hop outward: each shard's frontier's in-edges, from the partitions that hold them. */
    private static JavaRDD<Draft> hop(JavaRDD<Draft> drafts, JavaRDD<EdgeStore> stores, Partitioner byTarget,
            int limit, long seed) {
        int partitions = byTarget.numPartitions();
        JavaRDD<Ids> asked = shuffle(drafts.mapPartitions(ds -> split(ds.next().frontier, null, partitions,
                org.apache.spark.TaskContext.getPartitionId())), byTarget, i -> i.target);
        JavaRDD<Triples> answered = shuffle(stores.zipPartitions(asked, (ss, requests) -> {
            EdgeStore store = ss.next();
            List<Triples> out = new ArrayList<>();
            while (requests.hasNext()) {
                Ids r = requests.next();
                Triples t = new Triples(r.owner);
                for (long node : r.ids) {
                    store.inEdges(node, t, limit, seed);
                }
                out.add(t);
            }
            return out.iterator();
        }), byTarget, t -> t.target);
        return drafts.zipPartitions(answered, (ds, answers) -> {
            Draft d = ds.next();
            Triples edges = new Triples(-1);
            edges.addAll(d.edges);
            Triples fresh = new Triples(-1);
            answers.forEachRemaining(fresh::addAll);
            edges.addAll(fresh);
            long[] expanded = distinct(concat(d.expanded, d.frontier));
            long[] senders = distinct(Arrays.copyOf(fresh.senders, fresh.size));
            long[] next = Arrays.stream(senders).filter(s -> Arrays.binarySearch(expanded, s) < 0).toArray();
            return List.of(new Draft(d.training, edges, expanded, next)).iterator();
        });
    }

    /** The shard of one partition from its gathered edges, its own nodes, the rows it asked for and its labels. */
    private static Iterator<Shard> assemble(Iterator<Draft> ds, Iterator<Features> fs) {
        Draft d = ds.next();
        Features f = fs.next();
        NodeBlock own = f.own;
        Training t = d.training;
        int haloCount = f.halo.stream().mapToInt(r -> r.ids.length).sum();
        long[] sorted = Arrays.copyOf(own.ids, own.size() + haloCount);
        int at = own.size();
        for (Rows r : f.halo) {
            System.arraycopy(r.ids, 0, sorted, at, r.ids.length);
            at += r.ids.length;
        }
        Arrays.sort(sorted); // a node's local index follows its id
        LongIntMap local = new LongIntMap(sorted.length);
        for (int i = 0; i < sorted.length; i++) {
            local.put(sorted[i], i);
        }
        int width = own.size() > 0 ? own.width : f.halo.isEmpty() ? 0 : f.halo.get(0).width;
        float[] features = new float[sorted.length * width];
        for (int i = 0; i < own.size(); i++) {
            System.arraycopy(own.rows, i * width, features, local.get(own.ids[i]) * width, width);
        }
        for (Rows r : f.halo) {
            if (r.ids.length > 0 && r.width != width) {
                throw new IllegalArgumentException("node " + r.ids[0] + " has " + r.width + " features, node "
                        + (own.size() > 0 ? own.ids[0] : f.halo.get(0).ids[0]) + " has " + width);
            }
            for (int i = 0; i < r.ids.length; i++) {
                System.arraycopy(r.rows, i * width, features, local.get(r.ids[i]) * width, width);
            }
        }
        // each edge once (a node's in-edges may come at two hops), in the edge table's order
        Triples e = d.edges;
        LongIntMap byPosition = new LongIntMap(Math.max(16, e.size));
        for (int i = 0; i < e.size; i++) {
            byPosition.put(e.positions[i], i);
        }
        long[] positions = Arrays.copyOf(e.positions, e.size);
        Arrays.sort(positions);
        int[] senders = new int[e.size];
        int[] receivers = new int[e.size];
        int m = 0;
        for (int k = 0; k < positions.length; k++) {
            if (k > 0 && positions[k] == positions[k - 1]) {
                continue;
            }
            int i = byPosition.get(positions[k]);
            senders[m] = local.get(e.senders[i]);
            receivers[m] = local.get(e.receivers[i]);
            if (senders[m] < 0 || receivers[m] < 0) {
                throw new IllegalArgumentException("an edge " + e.senders[i] + " -> " + e.receivers[i]
                        + " names a node that is not in the node table");
            }
            m++;
        }
        int[] labels = new int[sorted.length];
        Arrays.fill(labels, -1);
        int[] train = new int[t.ids.length];
        for (int i = 0; i < train.length; i++) {
            train[i] = local.get(t.ids[i]);
            if (train[i] < 0) {
                throw new IllegalArgumentException("training node " + t.ids[i] + " is not in the node table");
            }
            labels[train[i]] = t.labels[i];
        }
        return List.of(new Shard(sorted, features, width, Arrays.copyOf(senders, m), Arrays.copyOf(receivers, m),
                labels, train)).iterator();
    }

    /** {@code ids} not in {@code held} (all when null), split by the partition that holds each. */
    private static Iterator<Ids> split(long[] ids, LongIntMap held, int partitions, int owner) {
        long[][] out = new long[partitions][];
        int[] sizes = new int[partitions];
        for (int q = 0; q < partitions; q++) {
            out[q] = new long[16];
        }
        for (long id : ids) {
            if (held != null && held.get(id) >= 0) {
                continue;
            }
            int q = SumBlock.partition(id, partitions);
            if (sizes[q] == out[q].length) {
                out[q] = Arrays.copyOf(out[q], sizes[q] * 2);
            }
            out[q][sizes[q]++] = id;
        }
        List<Ids> blocks = new ArrayList<>(partitions);
        for (int q = 0; q < partitions; q++) {
            blocks.add(new Ids(q, owner, Arrays.copyOf(out[q], sizes[q])));
        }
        return blocks.iterator();
    }

    private static Triples[] triples(int partitions) {
        Triples[] out = new Triples[partitions];
        for (int q = 0; q < partitions; q++) {
            out[q] = new Triples(q);
        }
        return out;
    }

    private static long[] distinct(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[n++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, n);
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private interface Target<T> extends org.apache.spark.api.java.function.Function<T, Integer> {
    }

    /** Blocks moved to the partitions they are bound for. */
    private static <T> JavaRDD<T> shuffle(JavaRDD<T> blocks, Partitioner byTarget, Target<T> target) {
        return blocks.mapToPair(b -> new Tuple2<>(target.call(b), b)).partitionBy(byTarget).values();
    }
}
