package org.erlangen.gnn.molecules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.erlangen.graph.Shuffle;
import org.erlangen.graph.Splits;

/**
 * A molecular regression data set read from a folder whose format is recognised by its files: the QML tutorial's
 * QM7 (XYZ frames and an energy file, 3D), ESOL (a SMILES CSV) or Huuskonen solubility (train and test SD files, a
 * fixed split).
 *
 * @param format what was found
 * @param molecules every molecule read, in file order (Huuskonen: the training file, then the test file)
 * @param problems records that were skipped, with file and line
 * @param fixedTest indices of the test molecules of a fixed split, or null when the data set has none
 */
public record MoleculeDataset(Format format, List<Molecule> molecules, List<ReadProblem> problems, int[] fixedTest) {
    /** The formats recognised, their files, targets and whether their molecules have 3D positions. */
    public enum Format {
        QM7("QM7 (qm7-qml)", List.of(Qm7Reader.XYZ_FILE, Qm7Reader.ENERGY_FILE), Qm7Reader.PBE0, true),
        ESOL("ESOL (Delaney)", List.of("delaney-processed.csv"), SmilesCsvReader.LOG_SOLUBILITY, false),
        HUUSKONEN("Huuskonen solubility", List.of("solubility.train.sdf", "solubility.test.sdf"),
                SdfReader.LOG_SOLUBILITY, false);

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

        /** The files a folder of this format holds. */
        public List<String> files() {
            return files;
        }

        public String defaultTarget() {
            return defaultTarget;
        }

        /** Whether the molecules have 3D positions (Huuskonen's SD files are flat 2D depictions). */
        public boolean threeD() {
            return threeD;
        }

        /** The format whose files are all in {@code folder}. */
        public static Format detect(Path folder) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("dataset " + folder + " is not a folder; expected one holding "
                        + expected());
            }
            for (Format f : values()) {
                if (f.files.stream().allMatch(name -> Files.isRegularFile(folder.resolve(name)))) {
                    return f;
                }
            }
            throw new IllegalArgumentException("cannot tell the format of " + folder + ": expected " + expected());
        }

        private static String expected() {
            List<String> parts = new ArrayList<>();
            for (Format f : values()) {
                parts.add(String.join(" + ", f.files) + " (" + f.title + ")");
            }
            return String.join(", or ", parts);
        }
    }

    public MoleculeDataset {
        molecules = List.copyOf(molecules);
        problems = List.copyOf(problems);
        fixedTest = fixedTest == null ? null : fixedTest.clone();
    }

    /** Reads a folder, detecting its format; bad records are skipped and listed, or fail the read. */
    public static MoleculeDataset read(Path folder, OnError onError) throws IOException {
        Format format = Format.detect(folder);
        return switch (format) {
            case QM7 -> of(format, Qm7Reader.read(folder, onError));
            case ESOL -> of(format, SmilesCsvReader.esol(folder.resolve(format.files.get(0)), onError));
            case HUUSKONEN -> {
                ReadResult train = SdfReader.huuskonen(folder.resolve(format.files.get(0)), onError);
                ReadResult test = SdfReader.huuskonen(folder.resolve(format.files.get(1)), onError);
                List<Molecule> all = new ArrayList<>(train.molecules());
                all.addAll(test.molecules());
                List<ReadProblem> problems = new ArrayList<>(train.problems());
                problems.addAll(test.problems());
                int from = train.molecules().size();
                yield new MoleculeDataset(format, all, problems, IntStream.range(from, all.size()).toArray());
            }
        };
    }

    private static MoleculeDataset of(Format format, ReadResult read) {
        return new MoleculeDataset(format, read.molecules(), read.problems(), null);
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

    /** One line: the format, molecules and skipped records. */
    public String summary() {
        return format.title + ": " + molecules.size() + " molecules" + (fixedTest == null ? ""
                : " (" + (molecules.size() - fixedTest.length) + " train, " + fixedTest.length + " test, fixed)")
                + ", " + problems.size() + " records skipped";
    }
}
