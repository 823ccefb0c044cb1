package org.erlangen.gnn.aggr;

import java.util.Locale;
import org.erlangen.graph.Graph;
import org.erlangen.sparse.Segments;

/**
 * The degree scalers of Principal Neighbourhood Aggregation (Corso et al., 2020), with {@code d} the in-degree
 * clamped to at least 1 (as PyTorch Geometric does) and {@code delta} the mean of {@code log(d + 1)} over the
 * training graphs' nodes (unclamped), see {@link #delta}.
 */
public enum DegreeScaler {
    /** 1. */
    IDENTITY,
    /** {@code log(d + 1) / delta}: more weight to the aggregates of high-degree nodes. */
    AMPLIFICATION,
    /** {@code delta / log(d + 1)}. */
    ATTENUATION;

    /** The scale of each segment's aggregate: a column of {@code segments.count()} values. */
    double[] scales(Segments segments, double delta) {
        double[] s = new double[segments.count()];
        for (int i = 0; i < s.length; i++) {
            double logDegree = Math.log(Math.max(1, segments.size(i)) + 1.0);
            s[i] = switch (this) {
                case IDENTITY -> 1.0;
                case AMPLIFICATION -> logDegree / delta;
                case ATTENUATION -> delta / logDegree;
            };
        }
        return s;
    }

    /** Mean of {@code log(in-degree + 1)} over all nodes of {@code graphs}: PNA's {@code delta}. */
    public static double delta(Iterable<Graph> graphs) {
        double sum = 0;
        long nodes = 0;
        for (Graph g : graphs) {
            for (int d : g.inDegrees()) {
                sum += Math.log(d + 1.0);
            }
            nodes += g.numNodes();
        }
        if (nodes == 0) {
            throw new IllegalArgumentException("PNA's delta needs graphs with at least one node");
        }
        return sum / nodes;
    }

    /** The scaler PyTorch Geometric calls {@code name}: identity, amplification or attenuation. */
    public static DegreeScaler of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown degree scaler '" + name
                    + "'; expected identity, amplification or attenuation", e);
        }
    }
}
