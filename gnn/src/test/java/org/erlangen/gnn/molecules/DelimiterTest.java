package org.erlangen.gnn.molecules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DelimiterTest {
    @Test
    void theDelimiterThatSplitsTheMostLinesLikeTheFirstWins() {
        assertEquals(Delimiter.COMMA, Delimiter.detect(List.of("name,smiles,y", "\"a, b\",CCO,1.5", "c,CC,2")));
        assertEquals(Delimiter.TAB, Delimiter.detect(List.of("name\tsmiles", "a, b\tCCO", "c\tCC")));
        // commas in unquoted names break the comma split; semicolons hold
        assertEquals(Delimiter.SEMICOLON, Delimiter.detect(List.of("name;smiles;y", "2,2-PCB;CC;1", "x;C;2")));
        // decimal commas split each line in two as well as the semicolon does: the tie goes to the semicolon
        assertEquals(Delimiter.SEMICOLON, Delimiter.detect(List.of("CCO;1,5", "CC;-0,25")));
        assertNull(Delimiter.detect(List.of("CCO", "CC")), "one column only");
    }

    @Test
    void numbersAreDecimalAndTakeADecimalCommaWhereCommasDoNotSeparate() {
        assertEquals(1.5, Delimiter.SEMICOLON.number("1,5"));
        assertEquals(-0.25, Delimiter.TAB.number(" -0,25 "));
        assertNull(Delimiter.COMMA.number("1,5"));
        assertEquals(-1e-3, Delimiter.COMMA.number("-1e-3"));
        assertEquals(0.5, Delimiter.COMMA.number(".5"));
        for (String text : List.of("", "abc", "1d", "0x10", "NaN", "Infinity", "1,5,0", "1.2.3")) {
            assertNull(Delimiter.SEMICOLON.number(text), text);
        }
        assertEquals("1.5", Delimiter.SEMICOLON.numberText("1,5"));
        assertEquals("1,5", Delimiter.COMMA.numberText("1,5"));
    }

    @Test
    void delimitersByWordOrCharacter() {
        assertEquals(Delimiter.TAB, Delimiter.of("tab"));
        assertEquals(Delimiter.TAB, Delimiter.of("\\t"));
        assertEquals(Delimiter.SEMICOLON, Delimiter.of(";"));
        assertEquals(Delimiter.COMMA, Delimiter.of("Comma"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Delimiter.of("pipe"));
        assertEquals("unknown delimiter 'pipe'; delimiters: comma, tab, semicolon", e.getMessage());
    }
}
