package org.erlangen.gnn.molecules;

/**
 * Which columns of a user's molecule file to read; each part null to detect it. Delimited text names its columns by
 * header or by 1-based number; an SD file names its target by data item ({@code > <PROPERTY>}) and has no SMILES
 * column. For the QM7, ESOL and Huuskonen folders only {@code target} applies, as a target key ({@code pbe0},
 * {@code logS}, ...).
 *
 * @param smiles the SMILES column (command line: {@code --smiles-column})
 * @param target the target column or property (command line: {@code --target})
 * @param delimiter what separates the fields of delimited text (command line: {@code --delimiter})
 */
public record ColumnChoice(String smiles, String target, Delimiter delimiter) {
    /** Everything detected. */
    public static final ColumnChoice DETECT = new ColumnChoice(null, null, null);

    public ColumnChoice {
        if (smiles != null && smiles.isBlank() || target != null && target.isBlank()) {
            throw new IllegalArgumentException("a column is named by its header or number, got an empty name");
        }
    }
}
