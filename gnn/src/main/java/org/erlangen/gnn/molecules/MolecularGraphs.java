package org.erlangen.gnn.molecules;

import java.util.Arrays;
import org.erlangen.gnn.geometric.RadiusGraph;
import org.erlangen.graph.Graph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Molecules as {@link Graph}s.
 *
 * <p>2D: atoms are nodes with {@link AtomFeatures}, every bond is two directed edges with {@link BondFeatures}.
 *
 * <p>3D: atoms are nodes whose one feature is the atom type index ({@link AtomTypes}, as int32, for an embedding
 * lookup), positions are kept in the graph, and edges join every ordered pair of distinct atoms closer than a cutoff
 * (or all pairs), with the distance as their one edge feature. Models recompute distances from the positions, with
 * {@code org.erlangen.gnn.geometric} (Gaussian basis, cosine cutoff), so that energies have position gradients.
 *
 * <p>With a target key, the graph target is that one value; without, the graph has none.
 */
public final class MolecularGraphs {
    /** The usual neighbourhood radius of 3D models, in Ångström. */
    public static final double DEFAULT_CUTOFF = 5.0;

    private MolecularGraphs() {
    }

    /** The bond graph with one-hot atom and bond features; needs bonds and perceived chemistry (SMILES, SDF). */
    public static Graph graph2d(Molecule m, String target, DataType dtype) {
        if (m.bonds() == null || m.chemistry() == null) {
            throw new IllegalArgumentException("molecule '" + m.name() + "' has no bonds or perceived chemistry; a 2D"
                    + " graph needs a molecule read from SMILES or SDF");
        }
        int n = m.atomCount();
        int[] degrees = m.degrees();
        double[] nodes = new double[n * AtomFeatures.WIDTH];
        double[] row = new double[AtomFeatures.WIDTH];
        for (int i = 0; i < n; i++) {
            Arrays.fill(row, 0);
            AtomFeatures.encode(m, i, degrees[i], row);
            System.arraycopy(row, 0, nodes, i * AtomFeatures.WIDTH, AtomFeatures.WIDTH);
        }
        int bonds = m.bonds().size();
        int[] senders = new int[2 * bonds];
        int[] receivers = new int[2 * bonds];
        double[] edges = new double[2 * bonds * BondFeatures.WIDTH];
        double[] bondRow = new double[BondFeatures.WIDTH];
        for (int k = 0; k < bonds; k++) {
            Bond b = m.bonds().get(k);
            Arrays.fill(bondRow, 0);
            BondFeatures.encode(b, bondRow);
            senders[2 * k] = b.begin();
            receivers[2 * k] = b.end();
            senders[2 * k + 1] = b.end();
            receivers[2 * k + 1] = b.begin();
            System.arraycopy(bondRow, 0, edges, 2 * k * BondFeatures.WIDTH, BondFeatures.WIDTH);
            System.arraycopy(bondRow, 0, edges, (2 * k + 1) * BondFeatures.WIDTH, BondFeatures.WIDTH);
        }
        Graph.Builder builder = Graph.builder(n).edges(senders, receivers)
                .nodeFeatures(Nd4j.createFromArray(nodes).reshape(n, AtomFeatures.WIDTH).castTo(dtype))
                .edgeFeatures(matrix(edges, 2 * bonds, BondFeatures.WIDTH, dtype));
        return withTarget(builder, m, target, dtype).build();
    }

    /** Pairs closer than {@code cutoff} Ångström; needs positions (XYZ, 3D SDF). */
    public static Graph radiusGraph(Molecule m, AtomTypes types, double cutoff, String target, DataType dtype) {
        double[][] p = m.positions();
        if (p == null) {
            throw new IllegalArgumentException("molecule '" + m.name() + "' has no 3D positions");
        }
        RadiusGraph.Edges e = RadiusGraph.of(p, cutoff);
        double[] distances = new double[e.count()];
        for (int k = 0; k < distances.length; k++) {
            double[] a = p[e.senders()[k]];
            double[] b = p[e.receivers()[k]];
            distances[k] = Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1])
                    + (a[2] - b[2]) * (a[2] - b[2]));
        }
        int n = m.atomCount();
        INDArray typeColumn = Nd4j.createFromArray(types.indices(m)).reshape(n, 1);
        Graph.Builder builder = Graph.builder(n).edges(e.senders(), e.receivers()).nodeFeatures(typeColumn)
                .positions(Nd4j.createFromArray(p).castTo(dtype))
                .edgeFeatures(matrix(distances, distances.length, 1, dtype));
        return withTarget(builder, m, target, dtype).build();
    }

    /** All ordered pairs of distinct atoms. */
    public static Graph fullGraph(Molecule m, AtomTypes types, String target, DataType dtype) {
        return radiusGraph(m, types, Double.POSITIVE_INFINITY, target, dtype);
    }

    /** A {@code [rows, columns]} array; ND4J cannot make one from an empty Java array (a molecule of one atom). */
    private static INDArray matrix(double[] values, int rows, int columns, DataType dtype) {
        return rows == 0 ? Nd4j.create(dtype, 0, columns)
                : Nd4j.createFromArray(values).reshape(rows, columns).castTo(dtype);
    }

    private static Graph.Builder withTarget(Graph.Builder b, Molecule m, String target, DataType dtype) {
        return target == null ? b : b.graphTargets(Nd4j.createFromArray(new double[] {m.target(target)})
                .castTo(dtype));
    }
}
