package org.erlangen.testing;

import java.util.Random;
import org.erlangen.graph.Graph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Permutations of one graph: its nodes renumbered and its edges handed over in a shuffled order, or its edges
 * shuffled alone. Every part of the graph moves with its rows (see {@link Permutations#graph(Graph, int[], int[])}).
 * A graph layer is equivariant with its output rows following {@link Rows#NODES} or {@link Rows#EDGES}; a graph-level
 * output is invariant.
 */
public final class GraphPermutations implements Group<Graph> {
    private final boolean renumberNodes;
    private final Rows rows;

    private GraphPermutations(boolean renumberNodes, Rows rows) {
        this.renumberNodes = renumberNodes;
        this.rows = rows;
    }

    /** Node v renamed {@code perm[v]} for a random permutation, and the edges in a random order. */
    public static GraphPermutations renumberNodes(Rows rows) {
        return new GraphPermutations(true, rows);
    }

    /** The edges in a random order, the nodes as they are: a sum over edges must not see the order of its terms. */
    public static GraphPermutations shuffleEdges(Rows rows) {
        return new GraphPermutations(false, rows);
    }

    @Override
    public String name() {
        return (renumberNodes ? "node permutations with shuffled edges" : "edge permutations") + ", output rows "
                + rows.name().toLowerCase();
    }

    @Override
    public Element<Graph> draw(Graph g, Random random) {
        int[] nodes = renumberNodes ? Permutations.random(g.numNodes(), random) : RowMaps.identity(g.numNodes());
        int[] edges = Permutations.random(g.numEdges(), random);
        RowMaps maps = new RowMaps(nodes, RowMaps.storedEdges(g.receivers(), nodes, edges), new int[] {0});
        return new Element<>() {
            @Override
            public Graph onInput(Graph input) {
                return Permutations.graph(input, nodes, edges);
            }

            @Override
            public INDArray onOutput(INDArray output) {
                return maps.move(output, rows);
            }

            @Override
            public String describe() {
                return (renumberNodes ? "nodes to " + RowMaps.show(nodes) + ", " : "") + "stored edges to "
                        + RowMaps.show(maps.edges());
            }
        };
    }
}
