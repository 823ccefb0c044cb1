package org.erlangen.gnn.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.graph.RandomGraphs;
import org.erlangen.sparse.Segments;
import org.erlangen.testing.BatchPermutations;
import org.erlangen.testing.Case;
import org.erlangen.testing.Equivariance;
import org.erlangen.testing.GraphPermutations;
import org.erlangen.testing.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class RandomWalkSETest {
    private static Graph cycle(int n) {
        int[] s = new int[2 * n];
        int[] r = new int[2 * n];
        for (int i = 0; i < n; i++) {
            s[2 * i] = i;
            r[2 * i] = (i + 1) % n;
            s[2 * i + 1] = (i + 1) % n;
            r[2 * i + 1] = i;
        }
        return Graph.builder(n).edges(s, r).build();
    }

    private static double binomial(int k, int j) {
        double c = 1;
        for (int i = 0; i < j; i++) {
            c = c * (k - i) / (i + 1);
        }
        return c;
    }

    @Test
    void cycleReturnProbabilitiesMatchTheClosedForm() {
        // on C_n a walk of k steps with j steps forward is back home when 2j - k is a multiple of n
        for (int n : new int[] {3, 5, 6}) {
            INDArray se = new RandomWalkSE(9).compute(cycle(n), DataType.DOUBLE);
            for (int k = 1; k <= 9; k++) {
                double expected = 0;
                for (int j = 0; j <= k; j++) {
                    if (Math.floorMod(2 * j - k, n) == 0) {
                        expected += binomial(k, j) / Math.pow(2, k);
                    }
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(expected, se.getDouble(i, k - 1), 1e-14, "C_" + n + ", node " + i + ", k = " + k);
                }
            }
        }
    }

    @Test
    void walksFollowEdgeDirectionAndStopWhereNoEdgeLeaves() {
        // 0 -> 0 and 0 -> 1: from 0 a walk stays with probability 1/2; node 1 has no way out
        Graph g = Graph.builder(2).edges(new int[] {0, 0}, new int[] {0, 1}).build();
        INDArray se = new RandomWalkSE(3).compute(g, DataType.DOUBLE);
        assertTrue(Nd4j.createFromArray(new double[][] {{0.5, 0.25, 0.125}, {0, 0, 0}}).equalsWithEps(se, 1e-15));
    }

    @Test
    void matchesDiagonalsOfPowersOfTheDenseTransitionMatrix() {
        Graph g = RandomGraphs.of(9, 25).seed(1).build();
        int n = 9;
        INDArray p = Nd4j.zeros(DataType.DOUBLE, n, n);
        int[] s = g.senders();
        int[] r = g.receivers();
        int[] out = g.outDegrees();
        for (int e = 0; e < s.length; e++) {
            p.putScalar(s[e], r[e], p.getDouble(s[e], r[e]) + 1.0 / out[s[e]]);
        }
        INDArray se = new RandomWalkSE(5).compute(g, DataType.DOUBLE);
        INDArray power = Nd4j.eye(n).castTo(DataType.DOUBLE);
        for (int k = 1; k <= 5; k++) {
            power = power.mmul(p);
            for (int i = 0; i < n; i++) {
                assertEquals(power.getDouble(i, i), se.getDouble(i, k - 1), 1e-14);
            }
        }
    }

    @Test
    void isEquivariantToRenamingNodesInFloat32AndFloat64() {
        RandomWalkSE encoding = new RandomWalkSE(6);
        Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES), dtype -> Case.ofArray(
                RandomGraphs.of(15, 40).seed(2).build(), h -> {
                    INDArray se = encoding.compute(h, dtype);
                    assertEquals(dtype, se.dataType());
                    return se;
                }));
    }

    @Test
    void aBatchIsEncodedGraphByGraph() {
        GraphBatch batch = GraphBatch.of(List.of(cycle(4), RandomGraphs.of(6, 14).seed(5).build(), cycle(3)));
        RandomWalkSE encoding = new RandomWalkSE(4);
        INDArray se = encoding.compute(batch, DataType.DOUBLE);
        Segments nodes = batch.nodesPerGraph();
        for (int b = 0; b < batch.size(); b++) {
            INDArray own = encoding.compute(BatchPermutations.graphs(batch).get(b), DataType.DOUBLE);
            assertTrue(own.equalsWithEps(se.get(NDArrayIndex.interval(nodes.start(b), nodes.end(b)),
                    NDArrayIndex.all()), 1e-15), "graph " + b);
        }
    }
}
