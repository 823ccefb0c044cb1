package org.erlangen.gnn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.erlangen.graph.HeteroGraph;
import org.erlangen.graph.RelationalGraph;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Tensor;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GradCheck;
import org.erlangen.testing.Group;
import org.erlangen.testing.Permutations;
import org.erlangen.train.Adam;
import org.erlangen.train.Losses;
import org.erlangen.train.Metrics;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HeteroRGCNTest {
    private static final HeteroGraph.EdgeType BOUGHT = new HeteroGraph.EdgeType("Customer", "BOUGHT", "Product");
    private static final HeteroGraph.EdgeType SUPPLIES = new HeteroGraph.EdgeType("Supplier", "SUPPLIES", "Product");

    /** A seeded [rows, cols] of uniform values, or all ones. */
    private static INDArray features(int rows, int cols, long seed, boolean ones, DataType dtype) {
        Random r = new Random(seed);
        double[][] v = new double[rows][cols];
        for (double[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = ones ? 1 : r.nextDouble();
            }
        }
        return Nd4j.createFromArray(v).castTo(dtype);
    }

    /**
     * 40 customers (2 features), 12 products (3 features, all ones when {@code labels} is given, so that no product
     * can be told by its own features), 3 suppliers (no features). A customer's label: whether one of its products
     * comes from supplier 0, two hops away.
     */
    private static HeteroGraph store(DataType dtype, int[] labels) {
        Random r = new Random(5);
        List<int[]> bought = new ArrayList<>();
        int[] supplierOf = new int[12];
        for (int p = 0; p < 12; p++) {
            supplierOf[p] = p % 3;
        }
        for (int c = 0; c < 40; c++) {
            int a = r.nextInt(12);
            int b = r.nextInt(12);
            bought.add(new int[] {c, a});
            bought.add(new int[] {c, b});
            if (labels != null) {
                labels[c] = supplierOf[a] == 0 || supplierOf[b] == 0 ? 1 : 0;
            }
        }
        return HeteroGraph.builder()
                .nodes("Customer", features(40, 2, 6, false, dtype))
                .nodes("Product", features(12, 3, 7, labels != null, dtype))
                .nodes("Supplier", 3)
                .edges(BOUGHT, bought.stream().mapToInt(x -> x[0]).toArray(), bought.stream().mapToInt(x -> x[1])
                        .toArray())
                .edges(SUPPLIES, Arrays.stream(supplierOf).toArray(), IntStream.range(0, 12)
                        .toArray())
                .build();
    }

    /** Products renumbered (their feature rows and the edges that name them move along). */
    private static Group<HeteroGraph> productPermutations() {
        return Group.of("product renumbering", (g, random) -> {
            int[] perm = Permutations.random(12, random);
            int offset = g.offset("Product");
            return Group.Element.of("products to " + Arrays.toString(perm), h -> {
                INDArray features = h.nodeType("Product").features();
                INDArray moved = features.dup();
                for (int i = 0; i < 12; i++) {
                    moved.putRow(perm[i], features.getRow(i));
                }
                int[] boughtTo = Arrays.stream(h.edges(BOUGHT).receivers()).map(p -> perm[p]).toArray();
                int[] suppliedTo = Arrays.stream(h.edges(SUPPLIES).receivers()).map(p -> perm[p]).toArray();
                return HeteroGraph.builder().nodes("Customer", h.nodeType("Customer").features())
                        .nodes("Product", moved).nodes("Supplier", 3)
                        .edges(BOUGHT, h.edges(BOUGHT).senders(), boughtTo)
                        .edges(SUPPLIES, h.edges(SUPPLIES).senders(), suppliedTo).build();
            }, out -> {
                INDArray moved = out.dup();
                for (int i = 0; i < 12; i++) {
                    moved.putRow(offset + perm[i], out.getRow(offset + i));
                }
                return moved;
            });
        });
    }

    @Test
    void renumberingTheNodesOfATypeMovesItsRowsOnly() {
        Equivariance.assertEquivariant(productPermutations(), dtype -> {
            HeteroGraph g = store(dtype, null);
            HeteroRGCN model = new HeteroRGCN(g, 6, 2, 4, 0, 3, dtype);
            return Case.of(g, model::forward);
        });
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        HeteroGraph g = store(DataType.DOUBLE, null);
        HeteroRGCN model = new HeteroRGCN(g, 4, 2, 3, 2, 7, DataType.DOUBLE);
        RelationalGraph r = g.toRelational().withInverses();
        GradCheck.checkParameters(model, () -> model.forward(g, r));
    }

    @Test
    void learnsALabelTwoHopsAwayThroughTheEdgeTypes() {
        int[] labels = new int[40];
        HeteroGraph g = store(DataType.FLOAT, labels);
        HeteroRGCN model = new HeteroRGCN(g, 16, 2, 2, 0, 11, DataType.FLOAT);
        RelationalGraph r = g.toRelational().withInverses();
        int[] customers = IntStream.range(0, 40).map(c -> c + g.offset("Customer")).toArray();
        Adam adam = new Adam(model.parameters(), 0.02);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 150; step++) {
            model.zeroGrad();
            Tensor loss = Losses.crossEntropy(Sparse.indexSelect(model.forward(g, r), customers), labels);
            loss.backward();
            adam.step();
            first = step == 0 ? loss.item() : first;
            last = loss.item();
        }
        assertTrue(last < 0.1 * first, "loss " + first + " -> " + last);
        int[] predicted = Metrics.argmax(Sparse.indexSelect(model.forward(g, r), customers)
                .data());
        assertEquals(0, IntStream.range(0, 40).filter(c -> predicted[c] != labels[c]).count());
    }

    @Test
    void aGraphOfOtherTypesIsRefused() {
        HeteroGraph g = store(DataType.FLOAT, null);
        HeteroRGCN model = new HeteroRGCN(g, 4, 1, 2, 0, 1, DataType.FLOAT);
        HeteroGraph other = HeteroGraph.builder().nodes("Customer", 3).build();
        var e = assertThrows(IllegalArgumentException.class, () -> model.forward(other));
        assertTrue(e.getMessage().contains("node types [Customer, Product, Supplier]"), e.getMessage());
    }
}
