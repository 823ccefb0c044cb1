package org.erlangen.graph.sampling;

import static org.erlangen.graph.sampling.SampledGraphs.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.erlangen.graph.Graph;
import org.erlangen.kernels.Background;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class NeighborLoaderTest {
    private static final Graph GRAPH = random(500, 5000, 3);
    private static final int[] TRAIN = IntStream.range(0, 300).map(i -> (i * 7) % 500).toArray();

    private static NeighborLoader.Builder<SampledSubgraph> loader() {
        return NeighborLoader.builder(NeighborSampler.uniform(GRAPH.adjacency(), new int[] {4, 3}, false), TRAIN,
                sub -> sub).batchSize(64).seed(9);
    }

    private static List<SampledSubgraph> all(Iterable<SampledSubgraph> epoch) {
        List<SampledSubgraph> out = new ArrayList<>();
        epoch.forEach(out::add);
        return out;
    }

    @Test
    void everyEpochCoversEachNodeOnceInShuffledBatches() {
        var loader = loader().build();
        assertEquals(5, loader.batchesPerEpoch()); // 300 nodes, 64 a batch
        int[] previous = null;
        for (int epoch = 1; epoch <= 3; epoch++) {
            List<SampledSubgraph> batches = all(loader.epoch(epoch));
            assertEquals(5, batches.size());
            assertEquals(44, batches.get(4).seedCount(), "the last batch holds the rest");
            int[] seen = batches.stream().flatMapToInt(b -> Arrays.stream(b.nodes(), 0, b.seedCount())).toArray();
            int[] sortedSeen = seen.clone();
            Arrays.sort(sortedSeen);
            int[] expected = TRAIN.clone();
            Arrays.sort(expected);
            assertArrayEquals(expected, sortedSeen, "epoch " + epoch);
            assertFalse(Arrays.equals(seen, TRAIN), "epoch " + epoch + " is not shuffled");
            if (previous != null) {
                assertFalse(Arrays.equals(previous, seen), "two epochs in the same order");
            }
            previous = seen;
        }
        var inOrder = loader().shuffle(false).build();
        int[] seen = all(inOrder.epoch(1)).stream()
                .flatMapToInt(b -> Arrays.stream(b.nodes(), 0, b.seedCount())).toArray();
        assertArrayEquals(TRAIN, seen);
    }

    @Test
    void batchesAreTheSameAtAnyNumberOfWorkers() {
        List<SampledSubgraph> reference = all(loader().workers(0).build().epoch(4));
        for (int workers : new int[] {1, 2, 5}) {
            List<SampledSubgraph> batches = all(loader().workers(workers).prefetch(3).build().epoch(4));
            assertEquals(reference.size(), batches.size());
            for (int b = 0; b < batches.size(); b++) {
                assertArrayEquals(reference.get(b).nodes(), batches.get(b).nodes(), workers + " workers, batch " + b);
                assertArrayEquals(reference.get(b).senders(), batches.get(b).senders());
                assertArrayEquals(reference.get(b).edges(), batches.get(b).edges());
            }
        }
    }

    @Test
    void anEpochCountsItsWorkersAsBackgroundThreads() {
        for (int workers : new int[] {0, 1, 3}) {
            Iterator<SampledSubgraph> epoch = loader().workers(workers).prefetch(3).build().epoch(1).iterator();
            assertEquals(workers, ((Background) epoch).backgroundThreads());
            all(() -> epoch); // runs the epoch out, which stops its workers
        }
    }

    @Test
    void workersStayAtMostPrefetchBatchesAhead() {
        var made = new AtomicInteger();
        var loader = NeighborLoader.builder(NeighborSampler.uniform(GRAPH.adjacency(), new int[] {2}, false), TRAIN,
                sub -> made.incrementAndGet()).batchSize(10).workers(2).prefetch(3).build();
        Iterator<Integer> it = loader.epoch(1).iterator();
        int taken = 0;
        while (it.hasNext()) {
            it.next();
            taken++;
            sleepBriefly(); // time for the workers to run ahead as far as they may
            assertTrue(made.get() <= taken + 3, made.get() + " batches made when " + taken + " were taken");
        }
        assertEquals(30, taken);
    }

    @Test
    void closingAnEpochStopsItsWorkersAndAFailedBatchReachesTheTrainer() throws Exception {
        var started = new CountDownLatch(1);
        var stopped = new CountDownLatch(1);
        var blocking = NeighborLoader.builder(NeighborSampler.uniform(GRAPH.adjacency(), new int[] {2}, false),
                TRAIN, sub -> {
                    started.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        stopped.countDown();
                    }
                    return sub;
                }).batchSize(10).workers(1).build();
        Iterator<SampledSubgraph> it = blocking.epoch(1).iterator();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        ((AutoCloseable) it).close();
        assertTrue(stopped.await(10, TimeUnit.SECONDS), "the worker was not stopped");

        var failure = new IllegalStateException("bad batch");
        var failing = NeighborLoader.builder(NeighborSampler.uniform(GRAPH.adjacency(), new int[] {2}, false), TRAIN,
                sub -> {
                    if (sub.nodes()[0] == TRAIN[20]) {
                        throw failure;
                    }
                    return sub;
                }).batchSize(10).shuffle(false).workers(2).build();
        Iterator<SampledSubgraph> epoch = failing.epoch(1).iterator();
        epoch.next();
        epoch.next();
        assertSame(failure, assertThrows(IllegalStateException.class, epoch::next));
    }

    @Test
    void layerGraphsAreTheEdgePrefixesOverTheNodePrefixes() {
        var sub = loader().build().batch(new int[] {1, 2, 3, 4}, 2);
        for (int layer = 0; layer < sub.hops(); layer++) {
            Graph g = sub.layerGraph(layer);
            LayerSpan span = sub.layer(layer);
            assertEquals(span.inputNodes(), g.numNodes());
            assertEquals(span.edges(), g.numEdges());
            assertArrayEquals(Arrays.copyOf(sub.senders(), span.edges()), g.senders());
            assertArrayEquals(Arrays.copyOf(sub.receivers(), span.edges()), g.receivers());
            assertTrue(Arrays.stream(g.receivers()).allMatch(r -> r < span.outputNodes()));
        }
    }

    @Test
    void graphsOfSortedEdgesEqualTheBuildersGraphs() {
        var sub = loader().build().batch(new int[] {5, 6, 7, 8, 9}, 1);
        int n = sub.nodeCount();
        int edges = sub.edgeCount();
        Graph counted = Graph.ofSortedEdges(n, sub.senders(), sub.receivers(), edges);
        Graph built = Graph.builder(n).edges(sub.senders(), sub.receivers()).build();
        assertArrayEquals(built.senders(), counted.senders());
        assertArrayEquals(built.receivers(), counted.receivers());
        assertArrayEquals(built.edgeOrder(), counted.edgeOrder());
        assertArrayEquals(built.inDegrees(), counted.inDegrees());
        var decreasing = assertThrows(IllegalArgumentException.class,
                () -> Graph.ofSortedEdges(3, new int[] {0, 1}, new int[] {2, 1}, 2));
        assertTrue(decreasing.getMessage().contains("receivers must not decrease"), decreasing.getMessage());
        var outside = assertThrows(IllegalArgumentException.class,
                () -> Graph.ofSortedEdges(3, new int[] {0, 3}, new int[] {1, 1}, 2));
        assertTrue(outside.getMessage().contains("outside [0, 3)"), outside.getMessage());
    }

    @Test
    void featureRowsAreGatheredInOrderFromFloatAndDoubleMatrices() {
        for (DataType dtype : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            var matrix = Nd4j.rand(DataType.DOUBLE, 40, 5).castTo(dtype);
            int[] index = {39, 0, 7, 7, 12};
            FeatureRows rows = FeatureRows.gather(matrix, index);
            assertEquals(dtype, rows.dataType());
            assertEquals(Nd4j.pullRows(matrix, 1, index), rows.toArray());
            var view = matrix.get(NDArrayIndex.interval(10, 40),
                    NDArrayIndex.all());
            assertEquals(Nd4j.pullRows(view.dup(), 1, new int[] {0, 29}),
                    FeatureRows.gather(view, new int[] {0, 29}).toArray());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> FeatureRows.gather(Nd4j.rand(3, 2),
                new int[] {0, 3}));
        assertTrue(e.getMessage().contains("row 3 at position 1 outside [0, 3)"), e.getMessage());
    }

    @Test
    void nodeRowsGatherTheSameRowsOnTheHeapAndInPlace() {
        for (DataType dtype : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            var matrix = Nd4j.rand(DataType.DOUBLE, 30, 4).castTo(dtype);
            int[] index = {29, 3, 3, 0};
            var expected = Nd4j.pullRows(matrix, 1, index);
            assertEquals(expected, NodeRows.of(matrix).gather(index).toArray());
            assertEquals(expected, NodeRows.inPlace(matrix).gather(index).toArray());
            for (NodeRows rows : List.of(NodeRows.allocate(30, 4, dtype), NodeRows.inPlace(Nd4j.zeros(dtype, 30, 4)))) {
                rows.put(0, matrix.get(NDArrayIndex.interval(0, 10), NDArrayIndex.all()).dup());
                rows.put(10, matrix.get(NDArrayIndex.interval(10, 30), NDArrayIndex.all()).dup());
                assertEquals(matrix, rows.toArray());
            }
        }
    }

    @Test
    void rowsWrappingTheArrayTheFeaturesCameFromGatherThemWithoutACopy() {
        var matrix = Nd4j.rand(DataType.FLOAT, 30, 4);
        float[] values = matrix.data().asFloat();
        NodeRows rows = NodeRows.wrapping(values, matrix);
        assertTrue(rows.holds(matrix));
        int[] index = {29, 3, 3, 0};
        assertEquals(Nd4j.pullRows(matrix, 1, index), rows.gather(index).toArray());
        values[3 * 4] = 7f; // read where they lie: a change of the array is seen
        assertEquals(7f, rows.gather(new int[] {3}).toArray().getFloat(0, 0));
        assertThrows(IllegalArgumentException.class, () -> NodeRows.wrapping(new float[119], matrix));
        assertThrows(IllegalArgumentException.class, () -> NodeRows.wrapping(values, matrix.castTo(DataType.DOUBLE)));
    }

    @Test
    void aReleasedBatchsRowArrayServesTheNextGatherAndItsRowsAreNotReadAgain() {
        for (DataType dtype : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            var matrix = Nd4j.rand(DataType.DOUBLE, 3000, 8).castTo(dtype);
            NodeRows rows = NodeRows.of(matrix);
            int[] first = IntStream.range(0, 1000).map(i -> (i * 13) % 3000).toArray();
            int[] second = IntStream.range(0, 990).map(i -> 2999 - (i * 7) % 3000).toArray(); // fewer rows, same class
            FeatureRows a = rows.gather(first);
            assertEquals(Nd4j.pullRows(matrix, 1, first), a.toArray());
            Object arrayOfA = dtype == DataType.FLOAT ? a.tensor().heapValues() : null;
            a.release();
            assertThrows(IllegalStateException.class, a::toArray, "released rows are not read again");
            FeatureRows b = rows.gather(second);
            assertEquals(Nd4j.pullRows(matrix, 1, second), b.toArray(), "the reused array holds the new rows");
            if (dtype == DataType.FLOAT) {
                assertSame(arrayOfA, b.tensor().heapValues(), "the second gather reuses the first's array");
                assertEquals(Nd4j.pullRows(matrix, 1, second), b.tensor().data());
            }
        }
    }

    @Test
    void eachBatchIsDoneOnceTheNextIsAskedForAndTheLastAtTheEnd() {
        for (int workers : new int[] {0, 1, 2}) {
            List<SampledSubgraph> done = new ArrayList<>();
            var loader = loader().workers(workers).whenDone(done::add).build();
            List<SampledSubgraph> handed = new ArrayList<>();
            Iterator<SampledSubgraph> epoch = loader.epoch(1).iterator();
            while (epoch.hasNext()) {
                SampledSubgraph batch = epoch.next();
                assertEquals(handed.size(), done.size(), "the batches before this one, and not this one, are done");
                handed.add(batch);
                assertFalse(done.contains(batch));
            }
            assertEquals(handed, done, "every batch is done, in order, the last at the end of the epoch");
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
