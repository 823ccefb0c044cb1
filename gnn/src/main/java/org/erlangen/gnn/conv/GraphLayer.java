package org.erlangen.gnn.conv;

import org.erlangen.graph.Graph;
import org.erlangen.tensor.Tensor;

/**
 * A layer from node features to node features over a graph, so layers of different kinds can be stacked. Layers
 * built for edge features read the graph's own ({@link Graph#edgeFeatures()}) here; they also take edge features
 * explicitly.
 */
public interface GraphLayer {
    Tensor forward(Graph graph, Tensor x);
}
