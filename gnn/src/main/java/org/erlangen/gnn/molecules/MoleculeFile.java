package org.erlangen.gnn.molecules;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.erlangen.io.DatasetFormatException;

/**
 * A user's own molecule file, delimited text with a SMILES column or an SD file, read with its columns named or
 * detected by {@link ColumnChooser}. Each molecule gets one target, keyed by the name of its column or property.
 */
final class MoleculeFile {
    private static final Set<String> SD_EXTENSIONS = Set.of("sdf", "sd", "mol");

    private MoleculeFile() {
    }

    /** Whether {@code file} is an SD file: by its extension, or a molfile counts line (V2000, V3000) on line 4. */
    static boolean isSd(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (SD_EXTENSIONS.contains(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT))) {
            return true;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line = null;
            for (int i = 0; i < 4; i++) {
                line = in.readLine();
                if (line == null) {
                    return false;
                }
            }
            return line.contains("V2000") || line.contains("V3000");
        }
    }

    /** Delimited text: the delimiter and header detected, the SMILES and target columns named or detected. */
    static MoleculeDataset readTable(Path file, ColumnChoice choice, OnError onError) throws IOException {
        TextTable table = TextTable.read(file, choice.delimiter(), null);
        var chooser = new ColumnChooser(table.source(), profile(table), false, !table.hasHeader(),
                table.rows().size());
        int smilesAt = chooser.smiles(choice.smiles());
        int targetAt = chooser.target(choice.target(), smilesAt);
        String target = table.columns().get(targetAt);
        ReadResult read = SmilesCsvReader.read(table, smilesAt, -1, Map.of(target, targetAt), onError);
        String layout = table.delimiter().word() + "-separated, " + (table.hasHeader() ? "header on line "
                + table.headerLine() : "no header") + "; SMILES: " + chooser.label(smilesAt) + ", target: "
                + chooser.label(targetAt);
        return new MoleculeDataset(MoleculeDataset.Format.SMILES_FILE, file.getFileName().toString(), layout, target,
                read.molecules(), read.problems(), null);
    }

    /** An SD file: the target property named or detected. */
    static MoleculeDataset readSd(Path file, ColumnChoice choice, OnError onError) throws IOException {
        if (choice.smiles() != null || choice.delimiter() != null) {
            throw new DatasetFormatException(file.toString(), "is an SD file, which holds its structures as "
                    + "molfiles; a SMILES column and a delimiter are for delimited text");
        }
        SdfReader.Survey survey = SdfReader.survey(file);
        var chooser = new ColumnChooser(file.toString(), survey.properties(), true, false, survey.records());
        String target = survey.properties().get(chooser.target(choice.target(), -1)).name();
        ReadResult read = SdfReader.read(file, new SdfReader.Fields(null, Map.of(target, target)), onError);
        return new MoleculeDataset(MoleculeDataset.Format.SD_FILE, file.getFileName().toString(), "target: property <"
                + target + ">", target, read.molecules(), read.problems(), null);
    }

    /** Every column's values, from the rows as wide as the header (the others are bad rows, reported on reading). */
    private static List<ColumnProfile> profile(TextTable table) {
        var parser = CdkMolecules.smilesParser();
        List<ColumnProfile> columns = new ArrayList<>();
        for (String name : table.columns()) {
            columns.add(new ColumnProfile(name, table.delimiter(), parser));
        }
        for (TextTable.Row row : table.rows()) {
            List<String> fields;
            try {
                fields = row.fields(table.delimiter());
            } catch (IllegalArgumentException unclosedQuote) {
                continue;
            }
            if (fields.size() == columns.size()) {
                for (int c = 0; c < fields.size(); c++) {
                    columns.get(c).add(fields.get(c), row.line());
                }
            }
        }
        return columns;
    }
}
