package org.erlangen.gnn.molecules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.erlangen.graph.Shuffle;
import org.erlangen.graph.Splits;

/**
 * A molecular regression data set: a folder whose format is recognised by its files, the QML tutorial's QM7 (XYZ
 * frames and an energy file, 3D), ESOL (a SMILES CSV) or Huuskonen solubility (train and test SD files, a fixed
 * split); or a user's own molecule file, delimited text with a SMILES column or an SD file, whose SMILES and target
 * columns are named or detected (see {@link ColumnChoice}).
 *
 * @param format what was found
 * @param title the data set's title for summaries and plots: the format's, or a file's name
 * @param layout how a user's file was read (delimiter, header, columns), or empty for the three data sets
 * @param target the target key to learn: the one chosen or the format's default, or the column a file's target
 *     was read from (for the three data sets it is checked against the molecules' targets by whoever uses it)
 * @param molecules every molecule read, in file order (Huuskonen: the training file, then the test file)
 * @param problems records that were skipped, with file and line
 * @param fixedTest indices of the test molecules of a fixed split, or null when the data set has none
 */
public record MoleculeDataset(Format format, String title, String layout, String target, List<Molecule> molecules,
        List<ReadProblem> problems, int[] fixedTest) {
    /**
     * The formats recognised, their files, targets and whether their molecules have 3D positions: three data set
     * folders, and a user's own file of either kind.
     */
    public enum Format {
        QM7("QM7 (qm7-qml)", List.of(Qm7Reader.XYZ_FILE, Qm7Reader.ENERGY_FILE), Qm7Reader.PBE0, true),
        ESOL("ESOL (Delaney)", List.of("delaney-processed.csv"), SmilesCsvReader.LOG_SOLUBILITY, false),
        HUUSKONEN("Huuskonen solubility", List.of("solubility.train.sdf", "solubility.test.sdf"),
                SdfReader.LOG_SOLUBILITY, false),
        /** Delimited text (comma, tab or semicolon) with a SMILES column and a numeric target column. */
        SMILES_FILE("SMILES file", List.of(), null, false),
        /** An SD file with a numeric data item (its molfiles are read as bond graphs). */
        SD_FILE("SD file", List.of(), null, false);

        private final String title;
        private final List<String> files;
        private final String defaultTarget;
        private final boolean threeD;

        Format(String title, List<String> files, String defaultTarget, boolean threeD) {
            this.title = title;
            this.files = files;
            this.defaultTarget = defaultTarget;
            this.threeD = threeD;
        }

        public String title() {
            return title;
        }

        /** The files a folder of this format holds; none for a user's own file. */
        public List<String> files() {
            return files;
        }

        /** Whether this is one of the data set folders rather than a user's own file. */
        public boolean folder() {
            return !files.isEmpty();
        }

        /** The usual target of a data set folder, or null for a user's file (its target is a column). */
        public String defaultTarget() {
            return defaultTarget;
        }

        /** Whether the molecules have 3D positions (Huuskonen's SD files are flat 2D depictions). */
        public boolean threeD() {
            return threeD;
        }

        /**
         * The format of {@code dataset}: a folder holding all files of one of the data sets, or a file, an SD file
         * by its extension ({@code .sdf}, {@code .sd}, {@code .mol}) or content, else delimited text.
         */
        public static Format detect(Path dataset) throws IOException {
            if (Files.isRegularFile(dataset)) {
                if (dataset.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xyz")) {
                    throw new IllegalArgumentException("an XYZ file alone has no targets: " + dataset + "; XYZ "
                            + "frames are read as QM7, a folder holding " + String.join(" + ", QM7.files));
                }
                return MoleculeFile.isSd(dataset) ? SD_FILE : SMILES_FILE;
            }
            if (!Files.isDirectory(dataset)) {
                throw new IllegalArgumentException("dataset " + dataset + " is neither a file nor a folder; expected "
                        + expected());
            }
            for (Format f : values()) {
                if (f.folder() && f.files.stream().allMatch(name -> Files.isRegularFile(dataset.resolve(name)))) {
                    return f;
                }
            }
            throw new IllegalArgumentException("cannot tell the format of " + dataset + ": expected " + expected()
                    + contents(dataset));
        }

        private static String expected() {
            List<String> parts = new ArrayList<>();
            for (Format f : values()) {
                if (f.folder()) {
                    parts.add(String.join(" + ", f.files) + " (" + f.title + ")");
                }
            }
            return "a folder holding " + String.join(", or ", parts) + "; or a molecule file (delimited text with a "
                    + "SMILES column, or an SD file)";
        }

        /** The files of a folder, for a message: a molecule file among them is to be named itself. */
        private static String contents(Path folder) throws IOException {
            try (Stream<Path> files = Files.list(folder)) {
                List<String> names = files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                        .filter(n -> !n.startsWith(".")).sorted().toList();
                return names.isEmpty() ? "; the folder holds no files" : "; the folder holds "
                        + String.join(", ", names.subList(0, Math.min(10, names.size())))
                        + (names.size() > 10 ? " and " + (names.size() - 10) + " more" : "")
                        + " (name a molecule file itself as the dataset)";
            }
        }
    }

    /** One of the three data sets, with its title, no layout and its usual target. */
    public MoleculeDataset(Format format, List<Molecule> molecules, List<ReadProblem> problems, int[] fixedTest) {
        this(format, format.title(), "", format.defaultTarget(), molecules, problems, fixedTest);
    }

    public MoleculeDataset {
        if (title == null || layout == null) {
            throw new IllegalArgumentException("a data set needs a title and a layout (empty for a folder), got "
                    + title + " and " + layout);
        }
        molecules = List.copyOf(molecules);
        problems = List.copyOf(problems);
        fixedTest = fixedTest == null ? null : fixedTest.clone();
    }

    /** Reads a data set folder or a molecule file, detecting everything (see the method below). */
    public static MoleculeDataset read(Path dataset, OnError onError) throws IOException {
        return read(dataset, ColumnChoice.DETECT, onError);
    }

    /**
     * Reads a data set folder or a user's molecule file, detecting its format; bad records are skipped and listed,
     * or fail the read. For the three data set folders only the choice's target applies (a target key); a file's
     * SMILES and target columns are the ones chosen, or detected when that is unambiguous, or else an error lists
     * the columns found.
     */
    public static MoleculeDataset read(Path dataset, ColumnChoice choice, OnError onError) throws IOException {
        Format format = Format.detect(dataset);
        if (format.folder() && (choice.smiles() != null || choice.delimiter() != null)) {
            throw new IllegalArgumentException(dataset + " is the " + format.title() + " folder, read as it is; to "
                    + "choose a SMILES column or a delimiter, name a molecule file itself as the dataset");
        }
        return switch (format) {
            case QM7 -> of(format, choice, Qm7Reader.read(dataset, onError));
            case ESOL -> of(format, choice, SmilesCsvReader.esol(dataset.resolve(format.files.get(0)), onError));
            case HUUSKONEN -> {
                ReadResult train = SdfReader.huuskonen(dataset.resolve(format.files.get(0)), onError);
                ReadResult test = SdfReader.huuskonen(dataset.resolve(format.files.get(1)), onError);
                List<Molecule> all = new ArrayList<>(train.molecules());
                all.addAll(test.molecules());
                List<ReadProblem> problems = new ArrayList<>(train.problems());
                problems.addAll(test.problems());
                int from = train.molecules().size();
                yield new MoleculeDataset(format, format.title, "", target(format, choice), all, problems,
                        IntStream.range(from, all.size()).toArray());
            }
            case SMILES_FILE -> MoleculeFile.readTable(dataset, choice, onError);
            case SD_FILE -> MoleculeFile.readSd(dataset, choice, onError);
        };
    }

    private static MoleculeDataset of(Format format, ColumnChoice choice, ReadResult read) {
        return new MoleculeDataset(format, format.title, "", target(format, choice), read.molecules(),
                read.problems(), null);
    }

    private static String target(Format format, ColumnChoice choice) {
        return choice.target() != null ? choice.target() : format.defaultTarget();
    }

    @Override
    public int[] fixedTest() {
        return fixedTest == null ? null : fixedTest.clone();
    }

    /**
     * Train, validation and test indices: the fixed test molecules with a seeded random tenth of the others for
     * validation, or a seeded random 80/10/10 split.
     */
    public Splits.Split split(long seed) {
        if (fixedTest == null) {
            return Splits.random(molecules.size(), 0.8, 0.1, 0.1, seed);
        }
        boolean[] isTest = new boolean[molecules.size()];
        for (int i : fixedTest) {
            isTest[i] = true;
        }
        int[] rest = IntStream.range(0, molecules.size()).filter(i -> !isTest[i]).toArray();
        Shuffle.inPlace(rest, new SplittableRandom(seed));
        int held = Math.max(1, (int) Math.round(rest.length * 0.1));
        int[] validation = Arrays.copyOfRange(rest, 0, held);
        int[] train = Arrays.copyOfRange(rest, held, rest.length);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new Splits.Split(train, validation, fixedTest.clone());
    }

    /** One line: the title, how a file was read, molecules and skipped records. */
    public String summary() {
        return title + (layout.isEmpty() ? "" : " (" + layout + ")") + ": " + molecules.size() + " molecules"
                + (fixedTest == null ? "" : " (" + (molecules.size() - fixedTest.length) + " train, "
                + fixedTest.length + " test, fixed)") + ", " + problems.size() + " records skipped";
    }
}
