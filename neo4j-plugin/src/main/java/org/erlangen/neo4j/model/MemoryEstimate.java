package org.erlangen.neo4j.model;

import java.util.Locale;

/**
 * What a training or prediction call will need, from the size of the selection and the model's widths, counted in
 * bytes of float32 arrays: features, the graph's index arrays, parameters (with Adam's two moments and gradients
 * when training) and the activations of every layer (twice when training, for their gradients). The upper bound
 * allows for the step workspace keeping one extra copy of the activations.
 */
public record MemoryEstimate(long nodes, long relationships, long bytesMin, long bytesMax) {
    private static final long FLOAT = 4;
    private static final long INT = 4;

    /**
     * @param edgeEntries relationships as edges (twice for UNDIRECTED)
     * @param attention whether layers keep a score per edge and head (GAT, GATv2, Transformer)
     */
    public static MemoryEstimate of(long nodes, long relationships, long edgeEntries, int featureWidth, int hidden,
            int layers, int outputs, int heads, boolean attention, boolean training) {
        long features = nodes * featureWidth * FLOAT * 2; // as read, and as an array for the model
        long graph = edgeEntries * INT * 6 + nodes * INT * 4; // senders, receivers, CSR and its transpose
        long parameters = ((long) featureWidth * hidden + (long) Math.max(0, layers - 1) * hidden * hidden * 2
                + (long) hidden * outputs + (long) hidden * hidden) * FLOAT;
        long perLayer = nodes * hidden * FLOAT * 4 + (attention ? edgeEntries * heads * FLOAT * 4 : 0);
        long activations = perLayer * layers + nodes * outputs * FLOAT;
        long min = features + graph + parameters * (training ? 4 : 1) + activations * (training ? 2 : 1);
        return new MemoryEstimate(nodes, relationships, min, min + activations);
    }

    public String requiredMemory() {
        return "[" + human(bytesMin) + " ... " + human(bytesMax) + "]";
    }

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " Bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Refuses the call when its upper bound exceeds {@code limit} bytes. */
    public void refuseAbove(long limit, String procedure) {
        if (bytesMax > limit) {
            throw new IllegalArgumentException(procedure + " would need up to " + human(bytesMax) + " ("
                    + requiredMemory() + " for " + nodes + " nodes and " + relationships
                    + " relationships), more than the limit of " + human(limit)
                    + " (dbms.erlangen.memory.limit); select a smaller graph or raise the limit");
        }
    }
}
