package org.erlangen.gnn.molecules;

import java.util.Locale;

/** Element symbols to atomic numbers, through CDK's periodic table. */
final class Elements {
    private Elements() {
    }

    /** The atomic number of a symbol in any letter case ("C", "cl", "BR"), or 0 when it names no element. */
    static int atomicNumber(String symbol) {
        if (symbol.isEmpty() || symbol.length() > 3 || !symbol.chars().allMatch(Character::isLetter)) {
            return 0;
        }
        String normal = symbol.substring(0, 1).toUpperCase(Locale.ROOT)
                + symbol.substring(1).toLowerCase(Locale.ROOT);
        org.openscience.cdk.config.Elements e = org.openscience.cdk.config.Elements.ofString(normal);
        return e == null ? 0 : e.number();
    }
}
