package org.erlangen.neo4j.read;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-degree histogram of a selection, for what neighbour sampling draws: a node of in-degree d draws min(fanout, d)
 * of its in-edges. {@code nodes[j]} nodes have in-degree {@code degrees[j]}, and {@code outEdges[j]} edges leave
 * them: a node that sampling reaches along an edge is reached as such an edge's sender, so what nodes reached that way
 * draw is weighted by their out-edges, not counted once per node (hubs are reached far more often in a graph whose
 * edges go both ways). Degrees ascend.
 */
public record InDegrees(int[] degrees, long[] nodes, long[] outEdges) {
    public InDegrees {
        if (degrees.length != nodes.length || degrees.length != outEdges.length) {
            throw new IllegalArgumentException(degrees.length + " degrees with " + nodes.length + " node counts and "
                    + outEdges.length + " out-edge counts");
        }
    }

    /** The histogram of the graph whose edge {@code e} goes from {@code senders[e]} to {@code receivers[e]}. */
    public static InDegrees of(int[] senders, int[] receivers, int nodeCount) {
        if (senders.length != receivers.length) {
            throw new IllegalArgumentException(senders.length + " senders for " + receivers.length + " receivers");
        }
        int[] in = new int[nodeCount];
        for (int r : receivers) {
            in[r]++;
        }
        var counter = new Counter();
        for (int d : in) {
            counter.node(d, 0);
        }
        for (int s : senders) {
            counter.outEdges(in[s], 1);
        }
        return counter.histogram();
    }

    /**
     * Mean over the nodes of the edges {@code fanout} draws from each (-1: all of its in-edges), for the seeds of a
     * batch, which are drawn as nodes.
     */
    public double seedDraws(int fanout) {
        return mean(nodes, fanout);
    }

    /** The same mean over the senders of all edges, for the nodes sampling reaches along edges. */
    public double reachedDraws(int fanout) {
        return mean(outEdges, fanout);
    }

    /**
     * The distinct nodes {@code draws} draws along edges reach, each draw falling on a node as often as edges leave
     * it: sum over the degrees of nodes (1 - exp(-draws * out / edges)), out the mean out-edges of their nodes,
     * which counts high rather than low where those vary (1 - exp(-x) is concave).
     */
    public double reached(double draws) {
        double edges = Arrays.stream(outEdges).sum();
        double reached = 0;
        for (int j = 0; edges > 0 && j < degrees.length; j++) {
            if (nodes[j] > 0) {
                reached += nodes[j] * -Math.expm1(-draws * outEdges[j] / nodes[j] / edges);
            }
        }
        return reached;
    }

    /** The nodes counted. */
    public long nodeCount() {
        return Arrays.stream(nodes).sum();
    }

    private double mean(long[] weights, int fanout) {
        double drawn = 0;
        double total = 0;
        for (int j = 0; j < degrees.length; j++) {
            drawn += (double) weights[j] * (fanout < 0 ? degrees[j] : Math.min(fanout, degrees[j]));
            total += weights[j];
        }
        return total == 0 ? 0 : drawn / total;
    }

    /** Collects the histogram one node at a time, in any order. */
    public static final class Counter {
        /** Below this in-degree counts sit in arrays indexed by degree, above it in a map: hubs are few. */
        private static final int DENSE = 1 << 16;

        private long[] nodes = new long[64];
        private long[] out = new long[64];
        private final Map<Integer, long[]> hubs = new TreeMap<>();

        /** A node of in-degree {@code in} with {@code outEdges} out-edges. */
        public void node(int in, long outEdges) {
            if (in < 0 || outEdges < 0) {
                throw new IllegalArgumentException("in-degree " + in + " and out-degree " + outEdges
                        + ": degrees are not negative");
            }
            if (in < DENSE) {
                grow(in);
                nodes[in]++;
            } else {
                hubs.computeIfAbsent(in, d -> new long[2])[0]++;
            }
            outEdges(in, outEdges);
        }

        /** {@code edges} more out-edges of a node of in-degree {@code in} already counted. */
        void outEdges(int in, long edges) {
            if (in < DENSE) {
                out[in] += edges;
            } else {
                hubs.get(in)[1] += edges;
            }
        }

        private void grow(int degree) {
            if (degree >= nodes.length) {
                int length = Math.min(DENSE, Math.max(degree + 1, 2 * nodes.length));
                nodes = Arrays.copyOf(nodes, length);
                out = Arrays.copyOf(out, length);
            }
        }

        public InDegrees histogram() {
            int size = hubs.size();
            for (long count : nodes) {
                size += count > 0 ? 1 : 0;
            }
            int[] degrees = new int[size];
            long[] nodeCounts = new long[size];
            long[] outCounts = new long[size];
            int j = 0;
            for (int d = 0; d < nodes.length; d++) {
                if (nodes[d] > 0) {
                    degrees[j] = d;
                    nodeCounts[j] = nodes[d];
                    outCounts[j++] = out[d];
                }
            }
            for (var e : hubs.entrySet()) {
                degrees[j] = e.getKey();
                nodeCounts[j] = e.getValue()[0];
                outCounts[j++] = e.getValue()[1];
            }
            return new InDegrees(degrees, nodeCounts, outCounts);
        }
    }
}
