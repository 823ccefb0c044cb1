package org.erlangen.gnn.molecules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openscience.cdk.exception.CDKException;

class MolecularGraphsTest {
    private static final List<String> ATOM = AtomFeatures.names();
    private static final List<String> BOND = BondFeatures.names();

    private static Graph graph(String smiles) throws CDKException {
        return MolecularGraphs.graph2d(CdkMolecules.fromSmiles(smiles, smiles, Map.of("y", 1.5)), "y",
                DataType.DOUBLE);
    }

    private static double atom(Graph g, int atom, String feature) {
        int column = ATOM.indexOf(feature);
        assertTrue(column >= 0, "no atom feature " + feature);
        return g.nodeFeatures().getDouble(atom, column);
    }

    /** The stored edges from {@code a} to {@code b}; exactly one must exist. */
    private static int edge(Graph g, int a, int b) {
        int[] s = g.senders();
        int[] r = g.receivers();
        int found = -1;
        for (int e = 0; e < s.length; e++) {
            if (s[e] == a && r[e] == b) {
                assertEquals(-1, found, "two edges " + a + " -> " + b);
                found = e;
            }
        }
        assertTrue(found >= 0, "no edge " + a + " -> " + b);
        return found;
    }

    private static boolean bond(Graph g, int a, int b, String feature) {
        double forward = g.edgeFeatures().getDouble(edge(g, a, b), BOND.indexOf(feature));
        assertEquals(forward, g.edgeFeatures().getDouble(edge(g, b, a), BOND.indexOf(feature)),
                "both directions carry the same features");
        return forward == 1.0;
    }

    @Test
    void benzeneHasSixAromaticCarbonsAndTwelveDirectedAromaticBonds() throws CDKException {
        Graph g = graph("c1ccccc1");
        assertEquals(6, g.numNodes());
        assertEquals(12, g.numEdges());
        assertEquals(AtomFeatures.WIDTH, g.nodeFeatures().size(1));
        assertEquals(35, AtomFeatures.WIDTH);
        for (int i = 0; i < 6; i++) {
            assertEquals(1, atom(g, i, "element=C"));
            assertEquals(1, atom(g, i, "aromatic"));
            assertEquals(1, atom(g, i, "hydrogens=1"));
            assertEquals(1, atom(g, i, "degree=2"));
            assertEquals(1, atom(g, i, "hybridisation=SP2"));
            assertEquals(1, atom(g, i, "charge=0"));
            assertEquals(6, g.nodeFeatures().getRow(i).sumNumber().doubleValue(), "five one-hot groups and a flag");
        }
        INDArray edges = g.edgeFeatures();
        for (int e = 0; e < 12; e++) {
            assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1}, edges.getRow(e).toDoubleVector(), 0.0);
        }
        assertEquals(1.5, g.graphTargets().getDouble(0));
        // the same from a Kekulé SMILES: aromaticity is perceived, not copied
        assertTrue(graph("C1=CC=CC=C1").edgeFeatures().equalsWithEps(edges, 0));
    }

    @Test
    void saturatedAtomsAndBondsAreSp3AndNotConjugated() throws CDKException {
        Graph g = graph("CCO");
        assertEquals(1, atom(g, 0, "hydrogens=3"));
        assertEquals(1, atom(g, 1, "hydrogens=2"));
        assertEquals(1, atom(g, 2, "element=O"));
        assertEquals(1, atom(g, 2, "hydrogens=1"));
        assertEquals(1, atom(g, 2, "degree=1"));
        for (int i = 0; i < 3; i++) {
            assertEquals(1, atom(g, i, "hybridisation=SP3"));
            assertEquals(0, atom(g, i, "aromatic"));
        }
        assertTrue(bond(g, 0, 1, "type=single"));
        assertFalse(bond(g, 1, 2, "conjugated"));
        assertFalse(bond(g, 1, 2, "in_ring"));
        Graph ring = graph("C1CCCCC1");
        assertTrue(bond(ring, 0, 1, "in_ring"));
        assertFalse(bond(ring, 0, 1, "conjugated"));
        assertEquals(0, atom(ring, 0, "aromatic"));
    }

    @Test
    void conjugationFollowsAlternatingBondsAndLonePairs() throws CDKException {
        Graph acid = graph("CC(=O)O"); // atoms: C0 C1 O2 O3
        assertFalse(bond(acid, 0, 1, "conjugated"));
        assertTrue(bond(acid, 1, 2, "type=double"));
        assertTrue(bond(acid, 1, 2, "conjugated"));
        assertTrue(bond(acid, 1, 3, "conjugated"));
        assertEquals(1, atom(acid, 1, "hybridisation=SP2"));
        Graph diene = graph("C=CC=C");
        assertTrue(bond(diene, 0, 1, "conjugated") && bond(diene, 1, 2, "conjugated") && bond(diene, 2, 3, "conjugated"));
        Graph skipped = graph("C=CCC=C");
        assertFalse(bond(skipped, 0, 1, "conjugated"));
        assertFalse(bond(skipped, 1, 2, "conjugated"));
        Graph nitrile = graph("CC#N");
        assertTrue(bond(nitrile, 1, 2, "type=triple"));
        assertFalse(bond(nitrile, 1, 2, "conjugated"));
        assertEquals(1, atom(nitrile, 1, "hybridisation=SP"));
        assertEquals(1, atom(nitrile, 2, "hybridisation=SP"));
    }

    @Test
    void heteroaromaticRingsChargesAndLoneAtoms() throws CDKException {
        Graph pyridine = graph("c1ccncc1");
        assertEquals(1, atom(pyridine, 3, "element=N"));
        assertEquals(1, atom(pyridine, 3, "aromatic"));
        assertEquals(1, atom(pyridine, 3, "hydrogens=0"));
        Graph pyrrole = graph("c1cc[nH]c1");
        assertEquals(1, atom(pyrrole, 3, "aromatic"));
        assertEquals(1, atom(pyrrole, 3, "hydrogens=1"));
        assertEquals(1, atom(pyrrole, 3, "hybridisation=SP2"));
        Graph ammonium = graph("C[N+](C)(C)C");
        assertEquals(1, atom(ammonium, 1, "charge=+1"));
        assertEquals(1, atom(ammonium, 1, "degree=4"));
        Graph acetate = graph("CC(=O)[O-]");
        assertEquals(1, atom(acetate, 3, "charge=-1"));
        Graph bromide = graph("[Br-]");
        assertEquals(1, atom(bromide, 0, "element=Br"));
        assertEquals(0, bromide.numEdges());
        Graph methane = graph("C");
        assertEquals(1, atom(methane, 0, "hydrogens=4+"));
        assertEquals(1, atom(methane, 0, "degree=0"));
        Graph selenium = graph("[Se]");
        assertEquals(1, atom(selenium, 0, "element=other"));
        GraphBatch batch = GraphBatch.of(List.of(pyridine, methane, ammonium));
        assertEquals(6 + 1 + 5, batch.graph().numNodes());
        assertEquals(12 + 0 + 8, batch.graph().numEdges());
    }

    @Test
    void sdfAndSmilesOfTheSameMoleculeGiveTheSameFeatures() throws IOException, CDKException {
        // Huuskonen's test records carry their SMILES; atom order differs, so compare the sorted feature rows
        ReadResult sdf = SdfReader.huuskonen(Data.shared("huuskonen-solubility").resolve("solubility.test.sdf"),
                OnError.FAIL);
        List<String> smiles = smilesFields(Data.shared("huuskonen-solubility").resolve("solubility.test.sdf"));
        assertEquals(257, smiles.size());
        int same = 0;
        List<String> different = new ArrayList<>();
        List<String> unparsable = new ArrayList<>();
        for (int k = 0; k < 257; k++) {
            Molecule fromSdf = sdf.molecules().get(k);
            Molecule fromSmiles;
            try {
                fromSmiles = CdkMolecules.fromSmiles(smiles.get(k), "", Map.of());
            } catch (CDKException e) {
                unparsable.add(smiles.get(k));
                continue;
            }
            if (sortedRows(MolecularGraphs.graph2d(fromSdf, null, DataType.DOUBLE).nodeFeatures())
                    .equals(sortedRows(MolecularGraphs.graph2d(fromSmiles, null, DataType.DOUBLE).nodeFeatures()))) {
                same++;
            } else {
                different.add(fromSdf.name() + " " + smiles.get(k));
            }
        }
        // two SMILES fields write an aromatic NH without its H, which no Kekulé structure fits; CDK refuses them
        assertEquals(List.of("CNC(NCCSCc1ncnc1C)=NC#N", "Ic1c(nc(c1I)I)I"), unparsable);
        assertEquals(257 - unparsable.size(), same, "features differ for " + different);
    }

    @Test
    void radiusAndFullGraphsOfMethaneKeepPositionsTypesAndDistances() throws IOException {
        Molecule methane = Qm7Reader.read(Data.shared("qm7-qml"), OnError.FAIL).molecules().get(0);
        Graph full = MolecularGraphs.fullGraph(methane, AtomTypes.QM7, Qm7Reader.PBE0, DataType.FLOAT);
        assertEquals(5, full.numNodes());
        assertEquals(20, full.numEdges());
        assertArrayEquals(new int[] {1, 0, 0, 0, 0}, full.nodeFeatures().toIntVector());
        assertEquals(DataType.INT, full.nodeFeatures().dataType());
        assertEquals(DataType.FLOAT, full.positions().dataType());
        assertEquals(-417.031, full.graphTargets().getDouble(0), 1e-3);
        double[][] p = methane.positions();
        int[] s = full.senders();
        int[] r = full.receivers();
        for (int e = 0; e < 20; e++) {
            double d = Math.sqrt(Math.pow(p[s[e]][0] - p[r[e]][0], 2) + Math.pow(p[s[e]][1] - p[r[e]][1], 2)
                    + Math.pow(p[s[e]][2] - p[r[e]][2], 2));
            assertEquals(d, full.edgeFeatures().getDouble(e, 0), 1e-6);
        }
        assertEquals(20, MolecularGraphs.radiusGraph(methane, AtomTypes.QM7, MolecularGraphs.DEFAULT_CUTOFF, null,
                DataType.DOUBLE).numEdges());
        // C-H bonds are 1.09 Å, H-H distances 1.78 Å: a 1.5 Å cutoff keeps the 8 directed C-H pairs
        Graph near = MolecularGraphs.radiusGraph(methane, AtomTypes.QM7, 1.5, null, DataType.DOUBLE);
        assertEquals(8, near.numEdges());
        assertEquals(4, near.inDegrees()[0]);
        assertThrows(IllegalArgumentException.class, () -> MolecularGraphs.graph2d(methane, null, DataType.FLOAT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MolecularGraphs.fullGraph(methane, AtomTypes.of(1, 8), null, DataType.FLOAT));
        assertTrue(e.getMessage().contains("element 6 is not among the atom types [1, 8]"), e.getMessage());
    }

    private static List<String> sortedRows(INDArray features) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < features.rows(); i++) {
            rows.add(java.util.Arrays.toString(features.getRow(i).toDoubleVector()));
        }
        rows.sort(null);
        return rows;
    }

    private static List<String> smilesFields(java.nio.file.Path sdf) throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(sdf);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(">") && lines.get(i).contains("<SMILES>")) {
                out.add(lines.get(i + 1).trim());
            }
        }
        return out;
    }
}
