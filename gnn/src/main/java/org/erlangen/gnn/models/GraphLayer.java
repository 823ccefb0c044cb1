package org.erlangen.gnn.models;

import org.erlangen.graph.Graph;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Tensor;

/** A module that maps node features of a graph to new node features: what a model stacks. */
public interface GraphLayer {
    Tensor forward(Graph graph, Tensor x);

    /** The module holding this layer's parameters. */
    Module module();
}
