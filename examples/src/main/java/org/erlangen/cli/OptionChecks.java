package org.erlangen.cli;

import java.util.List;
import java.util.Locale;

/**
 * Checks of option values before a command reads or writes anything: a meaningless setting is one line on stderr and
 * exit code 2 (see {@link UserError}), never a run that reports what did not happen.
 */
final class OptionChecks {
    private OptionChecks() {
    }

    /** A count that must be at least {@code min}. */
    static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new UserError(option + " must be at least " + min + ", got " + value);
        }
    }

    /** A finite number above zero. */
    static void positive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new UserError(option + " must be a positive number, got " + format(value));
        }
    }

    /** A finite number of at least zero. */
    static void notNegative(String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new UserError(option + " must be zero or more, got " + format(value));
        }
    }

    /** A probability of dropping, in [0, 1). */
    static void dropout(String option, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new UserError(option + " must be in [0, 1), got " + format(value));
        }
    }

    /** One of a few words. */
    static void oneOf(String option, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new UserError(option + " must be " + String.join(", ", allowed.subList(0, allowed.size() - 1))
                    + " or " + allowed.get(allowed.size() - 1) + ", got '" + value + "'");
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", value);
    }
}
