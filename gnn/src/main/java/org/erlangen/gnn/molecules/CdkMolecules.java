package org.erlangen.gnn.molecules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openscience.cdk.aromaticity.Aromaticity;
import org.openscience.cdk.aromaticity.ElectronDonation;
import org.openscience.cdk.atomtype.CDKAtomTypeMatcher;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.graph.Cycles;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IAtomType;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.interfaces.IChemObjectBuilder;
import org.openscience.cdk.interfaces.IPseudoAtom;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * Turns CDK molecules into {@link Molecule}s with perceived chemistry: hydrogens become counts on heavy atoms, ring
 * bonds are marked, hybridisation comes from CDK's atom typing (on the Kekulé structure), and aromaticity from
 * CDK's Daylight electron-donation model over all rings up to size 6 and all simple cycles otherwise (CDK's
 * recommended setting).
 *
 * <p>A bond is conjugated when it is aromatic; when it is double or triple and one of its atoms has a single bond
 * to an unsaturated atom or a lone-pair donor; or when it is single and joins an unsaturated atom to an
 * unsaturated atom or a donor. Unsaturated: the atom has a double, triple or aromatic bond. Donor: an N, O or S
 * atom that is not unsaturated and has no positive charge (it has a lone pair to share). This reproduces the usual cases (dienes, enones, amides, esters, aryl
 * substituents); CDK's own conjugation detector lives in a module this project does not use.
 */
public final class CdkMolecules {
    private static final IChemObjectBuilder BUILDER = SilentChemObjectBuilder.getInstance();

    private CdkMolecules() {
    }

    static IChemObjectBuilder builder() {
        return BUILDER;
    }

    /** A new SMILES parser (parsers are not thread-safe; each reader uses its own). */
    public static SmilesParser smilesParser() {
        return new SmilesParser(BUILDER);
    }

    /** Parses {@code smiles} and perceives its chemistry. */
    public static Molecule fromSmiles(String smiles, String name, Map<String, Double> targets) throws CDKException {
        return fromContainer(smilesParser().parseSmiles(smiles), name, targets);
    }

    /**
     * Converts a CDK molecule (it is modified: hydrogens suppressed, flags set). Throws when an atom is no element
     * (a pseudo atom such as R or *), has no hydrogen count, or a bond is not single, double, triple or aromatic.
     */
    public static Molecule fromContainer(IAtomContainer container, String name, Map<String, Double> targets)
            throws CDKException {
        IAtomContainer mol = AtomContainerManipulator.suppressHydrogens(container);
        int n = mol.getAtomCount();
        if (n == 0) {
            throw new CDKException("molecule has no atoms");
        }
        int[] z = new int[n];
        int[] charges = new int[n];
        int[] hydrogens = new int[n];
        for (int i = 0; i < n; i++) {
            IAtom a = mol.getAtom(i);
            Integer number = a.getAtomicNumber();
            if (a instanceof IPseudoAtom || number == null || number < 1) {
                throw new CDKException("atom " + (i + 1) + " ('" + a.getSymbol() + "') is not an element");
            }
            if (a.getImplicitHydrogenCount() == null) {
                throw new CDKException("atom " + (i + 1) + " (" + a.getSymbol() + ") has no hydrogen count");
            }
            z[i] = number;
            charges[i] = a.getFormalCharge() == null ? 0 : a.getFormalCharge();
            hydrogens[i] = a.getImplicitHydrogenCount();
        }
        for (IBond b : mol.bonds()) {
            // explicit hydrogens that suppression keeps (H2, bridging H) still count on their neighbours
            if (b.getAtomCount() == 2) {
                if (b.getBegin().getAtomicNumber() != null && b.getBegin().getAtomicNumber() == 1) {
                    hydrogens[mol.indexOf(b.getEnd())]++;
                }
                if (b.getEnd().getAtomicNumber() != null && b.getEnd().getAtomicNumber() == 1) {
                    hydrogens[mol.indexOf(b.getBegin())]++;
                }
            }
        }
        Cycles.markRingAtomsAndBonds(mol);
        Hybridisation[] hybridisations = hybridisations(mol);
        new Aromaticity(ElectronDonation.daylight(), Cycles.or(Cycles.all(), Cycles.all(6))).apply(mol);

        boolean[] aromatic = new boolean[n];
        for (int i = 0; i < n; i++) {
            aromatic[i] = mol.getAtom(i).isAromatic();
        }
        int m = mol.getBondCount();
        int[] begin = new int[m];
        int[] end = new int[m];
        BondType[] types = new BondType[m];
        boolean[] inRing = new boolean[m];
        for (int k = 0; k < m; k++) {
            IBond b = mol.getBond(k);
            if (b.getAtomCount() != 2) {
                throw new CDKException("bond " + (k + 1) + " joins " + b.getAtomCount() + " atoms");
            }
            begin[k] = mol.indexOf(b.getBegin());
            end[k] = mol.indexOf(b.getEnd());
            types[k] = type(b, k);
            inRing[k] = b.isInRing();
        }
        boolean[] conjugated = conjugated(z, charges, begin, end, types);
        List<Bond> bonds = new ArrayList<>(m);
        for (int k = 0; k < m; k++) {
            bonds.add(new Bond(begin[k], end[k], types[k], conjugated[k], inRing[k]));
        }
        return new Molecule(name, z, positions3d(mol), charges, bonds,
                new AtomChemistry(hydrogens, hybridisations, aromatic), targets);
    }

    private static BondType type(IBond b, int k) throws CDKException {
        if (b.isAromatic()) {
            return BondType.AROMATIC;
        }
        IBond.Order order = b.getOrder();
        if (order == IBond.Order.SINGLE) {
            return BondType.SINGLE;
        }
        if (order == IBond.Order.DOUBLE) {
            return BondType.DOUBLE;
        }
        if (order == IBond.Order.TRIPLE) {
            return BondType.TRIPLE;
        }
        throw new CDKException("bond " + (k + 1) + " has order " + order + ", expected single, double, triple or"
                + " aromatic");
    }

    private static Hybridisation[] hybridisations(IAtomContainer mol) throws CDKException {
        CDKAtomTypeMatcher matcher = CDKAtomTypeMatcher.getInstance(BUILDER);
        Hybridisation[] out = new Hybridisation[mol.getAtomCount()];
        for (int i = 0; i < out.length; i++) {
            IAtomType t = matcher.findMatchingAtomType(mol, mol.getAtom(i));
            out[i] = t == null || "X".equals(t.getAtomTypeName()) || t.getHybridization() == null
                    ? Hybridisation.UNKNOWN : switch (t.getHybridization()) {
                        case S -> Hybridisation.S;
                        case SP1 -> Hybridisation.SP;
                        case SP2, PLANAR3 -> Hybridisation.SP2;
                        case SP3 -> Hybridisation.SP3;
                        case SP3D1 -> Hybridisation.SP3D;
                        case SP3D2 -> Hybridisation.SP3D2;
                        default -> Hybridisation.UNKNOWN;
                    };
        }
        return out;
    }

    /** The conjugation rule of the class comment. */
    static boolean[] conjugated(int[] z, int[] charges, int[] begin, int[] end, BondType[] types) {
        int n = z.length;
        boolean[] unsaturated = new boolean[n];
        for (int k = 0; k < types.length; k++) {
            if (types[k] != BondType.SINGLE) {
                unsaturated[begin[k]] = true;
                unsaturated[end[k]] = true;
            }
        }
        boolean[] donor = new boolean[n];
        for (int i = 0; i < n; i++) {
            donor[i] = (z[i] == 7 || z[i] == 8 || z[i] == 16) && charges[i] <= 0 && !unsaturated[i];
        }
        // partners[i]: does atom i have a single bond to an unsaturated atom or a donor?
        boolean[] partners = new boolean[n];
        for (int k = 0; k < types.length; k++) {
            if (types[k] == BondType.SINGLE) {
                partners[begin[k]] |= unsaturated[end[k]] || donor[end[k]];
                partners[end[k]] |= unsaturated[begin[k]] || donor[begin[k]];
            }
        }
        boolean[] out = new boolean[types.length];
        for (int k = 0; k < types.length; k++) {
            int u = begin[k];
            int v = end[k];
            out[k] = switch (types[k]) {
                case AROMATIC -> true;
                case DOUBLE, TRIPLE -> partners[u] || partners[v];
                case SINGLE -> (unsaturated[u] && (unsaturated[v] || donor[v])) || (unsaturated[v] && donor[u]);
            };
        }
        return out;
    }

    private static double[][] positions3d(IAtomContainer mol) {
        double[][] p = new double[mol.getAtomCount()][];
        for (int i = 0; i < p.length; i++) {
            var point = mol.getAtom(i).getPoint3d();
            if (point == null) {
                return null;
            }
            p[i] = new double[] {point.x, point.y, point.z};
        }
        return p;
    }
}
