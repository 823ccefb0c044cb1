package org.erlangen.gnn.conv;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.erlangen.graph.HeteroGraph;
import org.erlangen.nn.Init;
import org.erlangen.nn.Linear;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Shapes;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The first step on a heterogeneous graph: every node type brought to one width, so that relational layers can run
 * on {@link HeteroGraph#toRelational()}. A type with features gets its own linear map (its features mean something
 * different from another type's); a type without features gets a learned vector per node (PyG's
 * {@code Embedding} for featureless types). The rows come out type after type, in the relational numbering.
 */
public final class HeteroInput extends Module {
    private final List<String> types;
    private final List<Linear> maps = new ArrayList<>();
    private final List<Tensor> embeddings = new ArrayList<>();
    private final List<Integer> featureWidths = new ArrayList<>();
    private final int width;

    /** Maps for the node types of {@code graph} (their feature widths and counts) to {@code width} columns. */
    public HeteroInput(HeteroGraph graph, int width, RandomGenerator random, DataType dtype) {
        this.types = graph.nodeTypes();
        this.width = width;
        for (String t : types) {
            HeteroGraph.NodeType type = graph.nodeType(t);
            featureWidths.add(type.featureWidth());
            if (type.features() != null) {
                maps.add(child("map_" + t, new Linear(type.featureWidth(), width, true,
                        Init.Scheme.GLOROT_UNIFORM, random, dtype)));
                embeddings.add(null);
            } else {
                maps.add(null);
                embeddings.add(parameter("embedding_" + t, Init.uniform(Math.sqrt(6.0 / (type.count() + width)),
                        random, dtype, type.count(), width)));
            }
        }
    }

    public int outputWidth() {
        return width;
    }

    /** Rows [all nodes, width], type after type. */
    public Tensor forward(HeteroGraph graph) {
        if (!graph.nodeTypes().equals(types)) {
            throw new IllegalArgumentException("the input was made for node types " + types + ", the graph has "
                    + graph.nodeTypes());
        }
        Tensor[] parts = new Tensor[types.size()];
        for (int i = 0; i < types.size(); i++) {
            HeteroGraph.NodeType type = graph.nodeType(types.get(i));
            if (maps.get(i) != null) {
                if (type.featureWidth() != featureWidths.get(i)) {
                    throw new IllegalArgumentException("node type '" + type.name() + "' was made with "
                            + featureWidths.get(i) + " features, the graph gives " + type.featureWidth());
                }
                parts[i] = maps.get(i).forward(Tensor.constant(type.features()));
            } else {
                if (embeddings.get(i).rows() != type.count()) {
                    throw new IllegalArgumentException("node type '" + type.name() + "' was made with "
                            + embeddings.get(i).rows() + " nodes (one learned vector each), the graph has "
                            + type.count());
                }
                parts[i] = embeddings.get(i);
            }
        }
        return parts.length == 1 ? parts[0] : Shapes.concat(0, parts);
    }
}
