package org.erlangen.gnn.encoding;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.sparse.Segments;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Laplacian eigenvector positional encoding (Dwivedi et al.; PyTorch Geometric's {@code AddLaplacianEigenvectorPE}):
 * for each graph, the eigenvectors of the {@code k} smallest eigenvalues of the symmetric normalised Laplacian
 * {@code L = I - D^-1/2 A D^-1/2}, after the first (trivial, eigenvalue 0) one, as {@code k} features per node.
 * Graphs with {@code n <= k} nodes are padded with zero columns.
 *
 * <p>{@code A} is the graph made undirected and simple: {@code A[i][j] = 1} when there is an edge either way between
 * distinct nodes; an isolated node has {@code L[i][i] = 1}. The decomposition is dense, {@code O(n^3)} per graph: meant
 * for the small graphs of a graph-level batch. An eigenvector's sign is arbitrary; here the entry of largest magnitude
 * (the first, on ties) is made positive, and {@link #randomSigns} flips signs at random in training so a model does
 * not learn one choice.
 */
public final class LaplacianPE {
    /** All eigenvalues of a graph's Laplacian in increasing order, unit eigenvectors the columns of {@code [n, n]}. */
    public record Spectrum(double[] eigenvalues, double[][] eigenvectors) {
    }

    private final int k;

    public LaplacianPE(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("the encoding needs at least one eigenvector, got " + k);
        }
        this.k = k;
    }

    public int k() {
        return k;
    }

    /** {@code [n, k]} for one graph. */
    public INDArray compute(Graph graph, DataType dtype) {
        return compute(graph, Blocks.whole(graph), dtype);
    }

    /** {@code [N, k]} for the merged graph of a batch, each graph on its own. */
    public INDArray compute(GraphBatch batch, DataType dtype) {
        return compute(batch.graph(), batch.nodesPerGraph(), dtype);
    }

    /** {@code [N, k]} for a graph made of disjoint graphs, grouped by {@code nodes}. */
    public INDArray compute(Graph graph, Segments nodes, DataType dtype) {
        double[][] pe = new double[graph.numNodes()][k];
        for (Blocks.Block block : Blocks.of(graph, nodes)) {
            Spectrum spectrum = spectrum(block.n(), block.senders(), block.receivers());
            for (int j = 0; j < k && j + 1 < block.n(); j++) {
                for (int i = 0; i < block.n(); i++) {
                    pe[block.offset() + i][j] = spectrum.eigenvectors()[i][j + 1];
                }
            }
        }
        return toArray(pe, graph.numNodes(), k, dtype);
    }

    /**
     * A copy of {@code pe} with each column of each graph multiplied by a random sign ({@code ±1} with probability
     * 1/2), drawn from {@code random} graph by graph, column by column.
     */
    public static INDArray randomSigns(INDArray pe, Segments nodes, RandomGenerator random) {
        if (pe.rank() != 2 || pe.size(0) != nodes.total()) {
            throw new IllegalArgumentException("encoding has shape " + Arrays.toString(pe.shape()) + ", expected "
                    + nodes.total() + " rows");
        }
        INDArray out = pe.dup('c');
        for (int b = 0; b < nodes.count(); b++) {
            for (int j = 0; j < pe.size(1); j++) {
                if (random.nextBoolean()) {
                    for (int i = nodes.start(b); i < nodes.end(b); i++) {
                        out.putScalar(i, j, -out.getDouble(i, j));
                    }
                }
            }
        }
        return out;
    }

    /** The spectrum of the normalised Laplacian of one graph given by its edges. */
    public static Spectrum spectrum(Graph graph) {
        return spectrum(graph.numNodes(), graph.senders(), graph.receivers());
    }

    static Spectrum spectrum(int n, int[] senders, int[] receivers) {
        if (n == 0) {
            return new Spectrum(new double[0], new double[0][0]);
        }
        double[][] laplacian = laplacian(n, senders, receivers);
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(laplacian, false));
        double[] values = eigen.getRealEigenvalues();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] sortedValues = new double[n];
        double[][] vectors = new double[n][n];
        for (int j = 0; j < n; j++) {
            sortedValues[j] = values[order[j]];
            double[] v = eigen.getEigenvector(order[j]).toArray();
            int largest = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(v[i]) > Math.abs(v[largest]) + 1e-12) {
                    largest = i;
                }
            }
            double sign = v[largest] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                vectors[i][j] = sign * v[i];
            }
        }
        return new Spectrum(sortedValues, vectors);
    }

    /** {@code I - D^-1/2 A D^-1/2} of the undirected simple graph, exactly symmetric. */
    static double[][] laplacian(int n, int[] senders, int[] receivers) {
        boolean[][] adjacent = new boolean[n][n];
        for (int e = 0; e < senders.length; e++) {
            if (senders[e] != receivers[e]) {
                adjacent[senders[e]][receivers[e]] = true;
                adjacent[receivers[e]][senders[e]] = true;
            }
        }
        double[] inverseSqrtDegree = new double[n];
        for (int i = 0; i < n; i++) {
            int d = 0;
            for (int j = 0; j < n; j++) {
                d += adjacent[i][j] ? 1 : 0;
            }
            inverseSqrtDegree[i] = d == 0 ? 0 : 1 / Math.sqrt(d);
        }
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            l[i][i] = 1;
            for (int j = 0; j < n; j++) {
                if (adjacent[i][j]) {
                    l[i][j] = -(inverseSqrtDegree[i] * inverseSqrtDegree[j]);
                }
            }
        }
        return l;
    }

    static INDArray toArray(double[][] values, int rows, int cols, DataType dtype) {
        double[] flat = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(values[i], 0, flat, i * cols, cols);
        }
        return Nd4j.createFromArray(flat).reshape('c', rows, cols).castTo(dtype);
    }
}
