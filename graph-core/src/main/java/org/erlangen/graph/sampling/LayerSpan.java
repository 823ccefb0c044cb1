package org.erlangen.graph.sampling;

/**
 * What one layer of a sampled computation needs: it reads the first {@code inputNodes} nodes, aggregates over the
 * first {@code edges} edges, and only its first {@code outputNodes} rows are read by the next layer.
 */
public record LayerSpan(int inputNodes, int edges, int outputNodes) {
}
