package org.erlangen.gnn.molecules;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.openscience.cdk.smiles.SmilesParser;

/**
 * What the values of one column (or one SD property) look like: how many there are, how many are numbers and
 * their range, whether they are whole numbers that all differ (an id), and how many of the first ones parse as
 * SMILES. Fed value by value; the verdicts drive column detection and the listing shown when it fails.
 */
final class ColumnProfile {
    /** Values tried as SMILES: enough to tell a SMILES column, few enough for wide files. */
    static final int SMILES_SAMPLE = 200;
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");

    private final String name;
    private final Delimiter numbers;
    private final SmilesParser parser;
    private int values;
    private int numeric;
    private String example;
    private String firstOther;
    private int firstOtherLine;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private String minText;
    private String maxText;
    private Set<String> wholeValues = new HashSet<>();
    private int smilesTried;
    private int smilesParsed;

    /**
     * @param name the header or property name
     * @param numbers how numbers are written (a decimal comma counts where commas do not separate fields)
     * @param parser to try values as SMILES, or null not to
     */
    ColumnProfile(String name, Delimiter numbers, SmilesParser parser) {
        this.name = name;
        this.numbers = numbers;
        this.parser = parser;
    }

    String name() {
        return name;
    }

    /** Counts one value found on {@code line}; empty values are counted by none of the verdicts. */
    void add(String raw, int line) {
        String value = raw.trim();
        if (value.isEmpty()) {
            return;
        }
        values++;
        if (example == null) {
            example = value;
        }
        Double number = numbers.number(value);
        if (number != null) {
            numeric++;
            if (number < min) {
                min = number;
                minText = value;
            }
            if (number > max) {
                max = number;
                maxText = value;
            }
        } else if (firstOther == null) {
            firstOther = value;
            firstOtherLine = line;
        }
        if (wholeValues != null && (number == null || !WHOLE.matcher(value).matches() || !wholeValues.add(value))) {
            wholeValues = null;
        }
        if (parser != null && smilesTried < SMILES_SAMPLE) {
            smilesTried++;
            if (number == null && parses(value)) {
                smilesParsed++;
            }
        }
    }

    private boolean parses(String value) {
        try {
            parser.parseSmiles(value);
            return true;
        } catch (Exception notSmiles) { // CDKException, or a runtime exception on odd text
            return false;
        }
    }

    /** Whether every value is a number (and there is one). */
    boolean numeric() {
        return values > 0 && numeric == values;
    }

    /** Whether some value is a number. */
    boolean anyNumber() {
        return numeric > 0;
    }

    /** Whole numbers that all differ: a row number or id rather than a property to learn. */
    boolean id() {
        return numeric() && values > 1 && wholeValues != null;
    }

    /** Whether more than half of the first values tried parse as SMILES. */
    boolean smiles() {
        return smilesTried > 0 && 2 * smilesParsed > smilesTried;
    }

    /** A target found without being named: numbers throughout, and not an id. */
    boolean target() {
        return numeric() && !id();
    }

    /** What the values look like, such as {@code numbers, -11.6 to 1.58}; {@code of} counts rows or records. */
    String looks(int of, String unit) {
        String missing = values < of && values > 0 ? ", empty in " + (of - values) + " of " + of + " " + unit : "";
        if (values == 0) {
            return "empty";
        }
        if (id()) {
            return "whole numbers, all different (an id?), " + minText + " to " + maxText + missing;
        }
        if (numeric()) {
            return "numbers, " + minText + " to " + maxText + missing;
        }
        if (smiles()) {
            return "SMILES, e.g. '" + XyzReader.shorten(example) + "' (" + smilesParsed + " of the first "
                    + smilesTried + " parse)" + missing;
        }
        if (2 * numeric > values) {
            return "mostly numbers, " + minText + " to " + maxText + ", but line " + firstOtherLine + " has '"
                    + XyzReader.shorten(firstOther) + "'" + missing;
        }
        return "text, e.g. '" + XyzReader.shorten(example) + "'" + missing;
    }
}
