package org.erlangen.gnn.sets;

import java.util.random.RandomGenerator;
import org.erlangen.gnn.conv.GraphLayer;
import org.erlangen.graph.Graph;
import org.erlangen.nn.Init;
import org.erlangen.nn.Linear;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One layer of DeepSets' phi as a graph layer: the same linear map on every node, edges ignored. Stacked by
 * {@link org.erlangen.gnn.models.GnnModel} with a readout and its head, it is DeepSets (phi, pool, rho) over the nodes
 * of each graph, so set models are built, trained and stored like any graph model.
 */
public final class ElementLayer extends Module implements GraphLayer {
    private final Linear linear;

    public ElementLayer(int in, int out, RandomGenerator random, DataType dtype) {
        this.linear = child("linear", new Linear(in, out, true, Init.Scheme.GLOROT_UNIFORM, random, dtype));
    }

    @Override
    public Tensor forward(Graph graph, Tensor x) {
        if (x.rows() != graph.numNodes()) {
            throw new IllegalArgumentException("the graph has " + graph.numNodes() + " nodes but the input has "
                    + x.rows() + " rows");
        }
        return linear.forward(x);
    }
}
