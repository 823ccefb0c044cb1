package org.erlangen.gnn.conv;

import org.erlangen.graph.Graph;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Tensor;

/**
 * A graph layer that computes only the rows of its first {@code targets} nodes, when every edge of the graph goes
 * into one of them (PyG's bipartite {@code size=(n, targets)}): the sampled subgraphs of mini-batch training and the
 * chunks of layer-wise inference put the nodes whose outputs are wanted first, and a layer that knows it skips the
 * dense work on the rest. Equal to the first {@code targets} rows of {@link GraphLayer#forward}.
 */
public interface TargetedLayer extends GraphLayer {
    Tensor forward(Graph graph, Tensor x, int targets);

    /**
     * {@link #forward(Graph, Tensor, int)} followed by a ReLU when {@code relu}: the activation a model puts between
     * layers, which a layer may apply in the same pass as its last sum.
     */
    default Tensor forward(Graph graph, Tensor x, int targets, boolean relu) {
        Tensor y = forward(graph, x, targets);
        return relu ? Activations.relu(y) : y;
    }
}
