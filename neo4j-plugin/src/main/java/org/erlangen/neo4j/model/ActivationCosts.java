package org.erlangen.neo4j.model;

import java.util.Map;

/**
 * How large a layer's step arena grows, in floats per node and per edge for each hidden unit and layer, measured
 * on this code (n = 3,000, hidden 32, two layers, degrees 2 and 10; the fit is exact there): training a node task
 * (forward and backward over the whole graph), predicting a node task, and training a graph task, whose arena is
 * set by the evaluation passes over {@link Forward#GRAPH_BATCH} graphs at a time (predicting uses a fifth more, the
 * arena's over-allocation). Edge costs are per hidden unit, or per head ({@code edgesPerHead}) where a layer keeps
 * only attention scores per edge (measured with 4 heads). A layer not listed costs as the dearest one.
 */
record ActivationCosts(double nodeTrain, double edgeTrain, double nodeForward, double edgeForward, double nodeGraph,
        double edgeGraph, boolean edgesPerHead) {
    private static final ActivationCosts DEAREST = new ActivationCosts(110.04, 12.15, 47.12, 5.92, 40.72, 6.17,
            false);
    private static final Map<String, ActivationCosts> LAYERS = Map.of(
            "deepsets", new ActivationCosts(6.35, 0, 1.88, 0, 2.58, 0, false),
            "edgeconv", new ActivationCosts(6.29, 12.15, 1.88, 5.85, 2.58, 5.75, false),
            "gat", new ActivationCosts(14.28, 19.52, 5.14, 8.72, 5.74, 6.88, true),
            "gatv2", new ActivationCosts(24.97, 10.42, 10.58, 5.92, 12.09, 6.17, false),
            "gcn", new ActivationCosts(7.02, 0, 2.55, 0, 3.58, 0, false),
            "gin", new ActivationCosts(9.88, 0, 3.45, 0, 4.33, 0, false),
            "pna", new ActivationCosts(110.04, 11.7, 47.12, 3.6, 40.72, 3.0, false),
            // two relations, fitted on n = 2,500, hidden 48, three layers, degrees 4 and 12
            "rgcn", new ActivationCosts(20.58, 0.24, 8.32, 0.16, 9.50, 0.15, false),
            // refitted to the test graph of MemoryEstimateTest after GraphSAGE's output became one operation
            "sage", new ActivationCosts(6.5, 0, 1.35, 0, 2.1, 0, false),
            "transformer", new ActivationCosts(19.57, 13.2, 6.23, 3.6, 7.58, 3.04, true));

    static ActivationCosts of(String layer) {
        return LAYERS.getOrDefault(layer, DEAREST);
    }

    /** Floats per layer for a pass over {@code nodes} and {@code edges}. */
    double floats(boolean training, boolean graphTask, double nodes, double edges, int hidden, int heads) {
        double perEdge = edgesPerHead ? heads : hidden;
        if (graphTask) {
            double scale = training ? 1 : 1.2;
            return scale * (nodeGraph * nodes * hidden + edgeGraph * edges * perEdge);
        }
        return training ? nodeTrain * nodes * hidden + edgeTrain * edges * perEdge
                : nodeForward * nodes * hidden + edgeForward * edges * perEdge;
    }
}
