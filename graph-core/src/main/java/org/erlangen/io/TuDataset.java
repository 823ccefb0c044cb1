package org.erlangen.io;

import java.util.List;
import org.erlangen.graph.Graph;

/**
 * A graph classification dataset in TUDataset form.
 *
 * @param name the dataset name (the file prefix, e.g. {@code MUTAG})
 * @param graphs one graph per line of {@code NAME_graph_labels.txt}; node features are the one-hot node labels
 *     followed by the node attributes, edge features the one-hot edge labels followed by the edge attributes, and the
 *     graph target is a length-1 INT64 class index
 * @param classLabels the raw graph label of each class index, ascending (MUTAG: {@code [-1, 1]})
 * @param nodeFeatureCount columns of node features (0 when the files give none)
 * @param edgeFeatureCount columns of edge features (0 when the files give none)
 */
public record TuDataset(String name, List<Graph> graphs, List<Integer> classLabels, int nodeFeatureCount,
        int edgeFeatureCount) {
    public TuDataset {
        graphs = List.copyOf(graphs);
        classLabels = List.copyOf(classLabels);
    }

    public int numClasses() {
        return classLabels.size();
    }

    /** The class index of graph {@code i}. */
    public int classOf(int i) {
        return graphs.get(i).graphTargets().getInt(0);
    }
}
