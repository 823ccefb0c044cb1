package org.erlangen.gnn.models;

import java.util.Random;
import org.erlangen.gnn.conv.GCNConv;
import org.erlangen.graph.Graph;
import org.erlangen.nn.Dropout;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Activations;
import org.erlangen.tensor.Tensor;

/** The two-layer GCN of Kipf and Welling for node classification: dropout, GCN, ReLU, dropout, GCN (logits). */
public final class GCN extends Module {
    private final GCNConv first;
    private final GCNConv second;
    private final double dropout;
    private final Random random;

    public GCN(int in, int hidden, int classes, double dropout, long seed) {
        this.random = new Random(seed);
        this.first = child("conv1", new GCNConv(in, hidden, random));
        this.second = child("conv2", new GCNConv(hidden, classes, random));
        this.dropout = dropout;
    }

    public GCNConv firstLayer() {
        return first;
    }

    public Tensor forward(Graph graph, Tensor x) {
        Tensor h = Dropout.apply(x, dropout, isTraining(), random);
        h = Activations.relu(first.forward(graph, h));
        h = Dropout.apply(h, dropout, isTraining(), random);
        return second.forward(graph, h);
    }
}
