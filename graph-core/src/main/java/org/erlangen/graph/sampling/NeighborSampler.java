package org.erlangen.graph.sampling;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.erlangen.kernels.Parallel;
import org.erlangen.primitives.IntList;
import org.erlangen.sparse.Csr;

/**
 * Samples the computation subgraph of a batch of seed nodes, as PyG's {@code NeighborLoader}: at each hop every node
 * first reached at the hop before draws at most that hop's fanout of its in-edges (-1: all of them), and the senders
 * it draws that are new join the next frontier. Fanouts are listed from the seeds outward, as PyG's
 * {@code num_neighbors}.
 *
 * <p>What a node draws is a pure function of (seed, epoch, node), so the same seed gives the same batches at any
 * concurrency and in any order of batches. Rows are drawn in parallel over the frontier; relabelling runs in
 * frontier order on one thread, which fixes the local ids.
 */
public final class NeighborSampler {
    private static final int EXPECTED_NODES_CAP = 1 << 20;

    private final Csr adjacency;
    private final int[] fanouts;
    private final NeighborChoice choice;
    /** One per thread that samples at once, kept with this sampler. */
    private final Queue<Space> spare = new ConcurrentLinkedQueue<>();

    private NeighborSampler(Csr adjacency, int[] fanouts, NeighborChoice choice) {
        this.adjacency = adjacency;
        this.fanouts = checkFanouts(fanouts);
        this.choice = choice;
    }

    /**
     * Every in-edge equally likely. {@code adjacency} has receivers as rows and senders as columns (as
     * {@code Graph.adjacency()}); {@code replace} draws with replacement, so a neighbour may come more than once.
     */
    public static NeighborSampler uniform(Csr adjacency, int[] fanouts, boolean replace) {
        return new NeighborSampler(adjacency, fanouts, new UniformChoice(replace));
    }

    /**
     * In-edges drawn with probability proportional to {@code weights}, one per stored edge (CSR entry order, as
     * {@code Graph}'s edges), finite and non-negative; kept, not copied, so do not change them while sampling.
     */
    public static NeighborSampler weighted(Csr adjacency, int[] fanouts, boolean replace, float[] weights) {
        checkWeights(adjacency, weights);
        return new NeighborSampler(adjacency, fanouts, new WeightedChoice(weights, replace));
    }

    public int hops() {
        return fanouts.length;
    }

    /** The subgraph of {@code seeds} (distinct nodes) in {@code epoch} of the run seeded with {@code seed}. */
    public SampledSubgraph sample(int[] seeds, long seed, long epoch) {
        int expected = Math.min(seeds.length, EXPECTED_NODES_CAP) * 4; // grows when the hops reach more
        Space space = spare.poll();
        if (space == null) {
            space = new Space(LocalIds.forGraph(Math.max(adjacency.rowCount(), adjacency.colCount()), expected),
                    fanouts.length);
        }
        var nodes = new IntList(reachBound(seeds.length));
        try {
            return sample(seeds, seed, epoch, space, nodes);
        } finally {
            space.local.clear(nodes); // only what this batch touched: clean for the next
            spare.offer(space);
        }
    }

    private SampledSubgraph sample(int[] seeds, long seed, long epoch, Space space, IntList nodes) {
        LocalIds local = space.local;
        for (int i = 0; i < seeds.length; i++) {
            int s = seeds[i];
            if (s < 0 || s >= adjacency.rowCount()) {
                throw new IllegalArgumentException("seed " + s + " at position " + i + " outside [0, "
                        + adjacency.rowCount() + ")");
            }
            if (local.get(s) >= 0) {
                throw new IllegalArgumentException("seed " + s + " appears twice (again at position " + i + ")");
            }
            local.put(s, i);
            nodes.add(s);
        }
        int[] nodesPerHop = new int[fanouts.length + 1];
        int[] edgesPerHop = new int[fanouts.length];
        nodesPerHop[0] = seeds.length;
        int frontierStart = 0;
        for (int hop = 0; hop < fanouts.length; hop++) {
            int frontierEnd = nodes.size();
            int[] frontier = new int[frontierEnd - frontierStart];
            for (int i = 0; i < frontier.length; i++) {
                frontier[i] = nodes.get(frontierStart + i);
            }
            int drawnCount = draw(frontier, frontierStart, fanouts[hop], seed, epoch, space, hop);
            // relabelling is the one sequential part: it reads the drawn senders in order, nothing at random but
            // the local ids
            int[] hopSenders = space.senders[hop];
            for (int k = 0; k < drawnCount; k++) {
                int sender = hopSenders[k];
                int id = local.get(sender);
                if (id < 0) {
                    id = nodes.size();
                    local.put(sender, id);
                    nodes.add(sender);
                }
                hopSenders[k] = id;
            }
            edgesPerHop[hop] = drawnCount;
            nodesPerHop[hop + 1] = nodes.size() - frontierEnd;
            frontierStart = frontierEnd;
        }
        return new SampledSubgraph(nodes.toArray(), concat(space.senders, edgesPerHop),
                concat(space.receivers, edgesPerHop), concat(space.entries, edgesPerHop), nodesPerHop, edgesPerHop);
    }

    /**
     * At most how many nodes {@code seeds} reach (each hop adds at most fanout senders per node of the hop before),
     * capped by the graph and by {@link #EXPECTED_NODES_CAP}: the node list sized once, not doubled hop by hop.
     */
    private int reachBound(int seeds) {
        long bound = seeds;
        long frontier = seeds;
        for (int f : fanouts) {
            frontier = f < 0 ? Long.MAX_VALUE / 4 : frontier * f;
            bound += frontier;
            if (bound >= EXPECTED_NODES_CAP) {
                break;
            }
        }
        return (int) Math.max(1, Math.min(bound, Math.min(EXPECTED_NODES_CAP, adjacency.colCount())));
    }

    /** The first {@code counts[h]} values of each hop's array, one after the other, in an array of their own. */
    private static int[] concat(int[][] parts, int[] counts) {
        int total = 0;
        for (int c : counts) {
            total = Math.addExact(total, c);
        }
        int[] out = new int[total];
        int at = 0;
        for (int h = 0; h < counts.length; h++) {
            System.arraycopy(parts[h], 0, out, at, counts[h]);
            at += counts[h];
        }
        return out;
    }

    /**
     * What one sampling thread reuses from batch to batch: the local ids, and each hop's drawn entries with their
     * senders and receivers (copied into the batch's own arrays at the end), so a batch allocates its results only.
     */
    private static final class Space {
        final LocalIds local;
        final int[][] ptr;
        final int[][] entries;
        final int[][] senders;
        final int[][] receivers;

        Space(LocalIds local, int hops) {
            this.local = local;
            this.ptr = new int[hops][0];
            this.entries = new int[hops][0];
            this.senders = new int[hops][0];
            this.receivers = new int[hops][0];
        }

        /** Room for {@code frontier} nodes and {@code drawn} entries at {@code hop}; what was there is not kept. */
        void reserve(int hop, int frontier, int drawn) {
            if (ptr[hop].length < frontier + 1) {
                ptr[hop] = new int[grown(frontier + 1)];
            }
            if (entries[hop].length < drawn) {
                int size = grown(drawn);
                entries[hop] = new int[size];
                senders[hop] = new int[size];
                receivers[hop] = new int[size];
            }
        }

        private static int grown(int needed) {
            return (int) Math.min(Integer.MAX_VALUE - 8, needed + (long) needed / 4);
        }
    }

    /**
     * Draws each frontier node's in-edges into {@code space}'s arrays for {@code hop}: node i's drawn CSR entries are
     * {@code entries[ptr[i]..ptr[i+1])}, with the global sender and the local receiver of each. Returns how many.
     */
    private int draw(int[] frontier, int firstLocal, int fanout, long seed, long epoch, Space space, int hop) {
        var rows = adjacency.rows();
        int n = frontier.length;
        space.reserve(hop, n, 0);
        int[] ptr = space.ptr[hop];
        ptr[0] = 0;
        // Counts first (a weighted count scans its row), then each row writes only its own slots: no thread shares one.
        Parallel.forRows(n, null, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                int v = frontier[i];
                int start = rows.start(v);
                int end = rows.end(v);
                ptr[i + 1] = fanout < 0 ? end - start : choice.count(start, end, fanout);
            }
        });
        for (int i = 0; i < n; i++) {
            ptr[i + 1] = Math.addExact(ptr[i + 1], ptr[i]);
        }
        space.reserve(hop, n, ptr[n]);
        int[] entries = space.entries[hop];
        int[] senders = space.senders[hop];
        int[] receivers = space.receivers[hop];
        Parallel.forRows(n, ptr, 1, (from, to) -> {
            var random = new NodeRandom();
            var scratch = new ChoiceScratch();
            for (int i = from; i < to; i++) {
                int v = frontier[i];
                int start = rows.start(v);
                int end = rows.end(v);
                if (fanout < 0) {
                    for (int k = 0; k < end - start; k++) {
                        entries[ptr[i] + k] = start + k;
                    }
                } else {
                    random.reset(seed, epoch, v);
                    choice.choose(start, end, fanout, random, scratch, entries, ptr[i]);
                }
                // the senders while the row is in cache, here in parallel rather than in the relabelling pass
                for (int k = ptr[i]; k < ptr[i + 1]; k++) {
                    senders[k] = adjacency.col(entries[k]);
                    receivers[k] = firstLocal + i;
                }
            }
        });
        return ptr[n];
    }

    private static int[] checkFanouts(int[] fanouts) {
        for (int h = 0; h < fanouts.length; h++) {
            if (fanouts[h] < -1) {
                throw new IllegalArgumentException("fanout " + fanouts[h] + " at hop " + (h + 1)
                        + ": must be -1 (all neighbours) or at least 0");
            }
        }
        return fanouts.clone();
    }

    private static void checkWeights(Csr adjacency, float[] weights) {
        if (weights.length != adjacency.entryCount()) {
            throw new IllegalArgumentException(weights.length + " edge weights for " + adjacency.entryCount()
                    + " edges");
        }
        for (int e = 0; e < weights.length; e++) {
            if (!(weights[e] >= 0) || Float.isInfinite(weights[e])) {
                throw new IllegalArgumentException("edge weight " + weights[e] + " of stored edge " + e
                        + ": weights must be finite and non-negative");
            }
        }
    }
}
