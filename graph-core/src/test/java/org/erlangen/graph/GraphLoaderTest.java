package org.erlangen.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class GraphLoaderTest {
    /** Graphs whose graph target is their own list index, so a batch shows which graphs it holds. */
    private static List<Graph> indexedGraphs(int count) {
        List<Graph> graphs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            graphs.add(RandomGraphs.of(2 + i % 5, 2).nodeFeatures(4).seed(i).build().toBuilder()
                    .graphTargets(Nd4j.createFromArray((float) i)).build());
        }
        return graphs;
    }

    /** The list indices of the graphs in an epoch, in the order the batches deliver them. */
    private static List<Integer> delivered(GraphLoader loader, int epoch, List<Integer> batchSizes) {
        List<Integer> out = new ArrayList<>();
        for (GraphBatch b : loader.epoch(epoch)) {
            batchSizes.add(b.size());
            for (int i = 0; i < b.size(); i++) {
                out.add((int) b.graphTargets().getFloat(i, 0));
            }
        }
        return out;
    }

    @Test
    void everyGraphExactlyOncePerEpochInBatches() {
        List<Graph> graphs = indexedGraphs(23);
        GraphLoader loader = GraphLoader.over(graphs).batchSize(5).shuffle(17).build();
        assertEquals(5, loader.batchesPerEpoch());
        for (int epoch = 0; epoch < 3; epoch++) {
            List<Integer> sizes = new ArrayList<>();
            List<Integer> seen = delivered(loader, epoch, sizes);
            assertEquals(List.of(5, 5, 5, 5, 3), sizes);
            List<Integer> sorted = new ArrayList<>(seen);
            sorted.sort(null);
            for (int i = 0; i < 23; i++) {
                assertEquals(i, sorted.get(i));
            }
            // The batches are what batchIndices says they are.
            List<Integer> fromIndices = new ArrayList<>();
            loader.batchIndices(epoch).forEach(b -> Arrays.stream(b).forEach(fromIndices::add));
            assertEquals(fromIndices, seen);
        }
    }

    @Test
    void reshufflesEachEpochReproducibly() {
        List<Graph> graphs = indexedGraphs(40);
        GraphLoader a = GraphLoader.over(graphs).batchSize(8).shuffle(3).build();
        GraphLoader b = GraphLoader.over(graphs).batchSize(8).shuffle(3).build();
        GraphLoader other = GraphLoader.over(graphs).batchSize(8).shuffle(4).build();
        List<Integer> e0 = delivered(a, 0, new ArrayList<>());
        List<Integer> e1 = delivered(a, 1, new ArrayList<>());
        assertFalse(e0.equals(e1), "epochs 0 and 1 have the same order");
        assertEquals(e0, delivered(b, 0, new ArrayList<>()));
        assertEquals(e1, delivered(b, 1, new ArrayList<>()));
        assertEquals(e1, delivered(a, 1, new ArrayList<>()), "iterating an epoch again");
        assertFalse(e0.equals(delivered(other, 0, new ArrayList<>())));

        GraphLoader ordered = GraphLoader.over(graphs).batchSize(8).build();
        List<Integer> inOrder = delivered(ordered, 5, new ArrayList<>());
        for (int i = 0; i < 40; i++) {
            assertEquals(i, inOrder.get(i));
        }
    }

    @Test
    void subsetAndDropLast() {
        List<Graph> graphs = indexedGraphs(30);
        int[] train = Splits.random(30, 0.7, 0.1, 0.2, 1).train();
        GraphLoader loader = GraphLoader.over(graphs).indices(train).batchSize(4).shuffle(2).dropLast(true).build();
        assertEquals(21, loader.itemCount());
        assertEquals(5, loader.batchesPerEpoch());
        List<Integer> sizes = new ArrayList<>();
        List<Integer> seen = delivered(loader, 0, sizes);
        assertEquals(List.of(4, 4, 4, 4, 4), sizes);
        assertEquals(20, seen.size());
        assertEquals(20, seen.stream().distinct().count());
        int[] trainSorted = train.clone();
        for (int i : seen) {
            assertTrue(Arrays.binarySearch(trainSorted, i) >= 0, "graph " + i + " is not in the subset");
        }
    }

    @Test
    void badSettingsAndIncompatibleGraphsAreReported() {
        List<Graph> graphs = new ArrayList<>(indexedGraphs(5));
        assertThrows(IllegalStateException.class, () -> GraphLoader.over(graphs).build());
        assertThrows(IllegalArgumentException.class, () -> GraphLoader.over(graphs).batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> GraphLoader.over(graphs).indices(new int[] {0, 5}));
        graphs.set(3, RandomGraphs.of(3, 2).nodeFeatures(4).seed(9).build());
        String msg = assertThrows(IllegalArgumentException.class,
                () -> GraphLoader.over(graphs).batchSize(2).build()).getMessage();
        assertTrue(msg.contains("graph 3") && msg.contains("graph targets"), msg);
        assertArrayEquals(new int[] {0, 1}, GraphLoader.over(graphs).indices(new int[] {0, 1}).batchSize(2).build()
                .batchIndices(0).get(0));
    }
}
