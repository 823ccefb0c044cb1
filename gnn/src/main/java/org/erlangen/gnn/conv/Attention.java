package org.erlangen.gnn.conv;

import org.erlangen.graph.Graph;
import org.erlangen.tensor.Tensor;

/**
 * The attention coefficients of one pass of an attention layer: {@code weights} is {@code [E, heads]}, one row per
 * stored edge of {@code graph}, which is the graph the layer attended over (with the self loops it added, if it adds
 * them). Over the edges into any node, each head's weights sum to 1. Taken before attention dropout.
 */
public record Attention(Graph graph, Tensor weights) {
}
