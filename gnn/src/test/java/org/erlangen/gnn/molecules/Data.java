package org.erlangen.gnn.molecules;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.MDLV2000Writer;

/** Shared data lookup and small files for the molecule tests. */
final class Data {
    private Data() {
    }

    /** A folder of the shared data sets (../shared/data from the repository root); skips the test if absent. */
    static Path shared(String relative) {
        Path p = Path.of("..", "..", "shared", "data").resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "shared data " + p + " not present");
        return p;
    }

    /** Twenty small molecules, for files written by the tests. */
    static final List<String> SMILES = List.of("CCO", "CCCO", "CCCCO", "c1ccccc1", "Cc1ccccc1", "CCc1ccccc1",
            "CC(=O)O", "CCC(=O)O", "ClCCl", "ClC(Cl)Cl", "CCN", "CCCN", "OCCO", "c1ccncc1", "CC#N", "C=CC", "CCOCC",
            "CCCCCC", "Oc1ccccc1", "Nc1ccccc1");

    /** A made-up solubility that falls with the carbon count, so there is something to learn. */
    static double solubility(String smiles) {
        return 1.0 - 0.5 * smiles.chars().filter(ch -> ch == 'C' || ch == 'c').count();
    }

    /** One SD record: the molecule of {@code smiles} as a V2000 molfile titled {@code title}, then data items. */
    static String sdRecord(String smiles, String title, Map<String, String> items) throws CDKException, IOException {
        IAtomContainer container = CdkMolecules.smilesParser().parseSmiles(smiles);
        container.setTitle(title);
        StringWriter molfile = new StringWriter();
        try (MDLV2000Writer writer = new MDLV2000Writer(molfile)) {
            writer.write(container);
        }
        StringBuilder record = new StringBuilder(molfile.toString());
        items.forEach((name, value) -> record.append("> <").append(name).append(">\n").append(value).append("\n\n"));
        return record.append("$$$$\n").toString();
    }

    /** Writes lines, each ending in a newline. */
    static Path write(Path dir, String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }
}
