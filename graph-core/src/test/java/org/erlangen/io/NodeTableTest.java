package org.erlangen.io;

import static org.erlangen.io.TestFiles.assertFormatError;
import static org.erlangen.io.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.erlangen.io.TableOptions.Missing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeTableTest {
    @TempDir
    Path dir;

    private static float[] row(NodeTable t, int r) {
        float[] out = new float[t.featureNames().size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = t.feature(r, j);
        }
        return out;
    }

    @Test
    void numbersAreFeaturesAndTextIsOneHot() throws IOException {
        Path file = write(dir, "people.csv", "name,age,city,label", "ann,31,Bonn,yes", "bo,45.5,Köln,no",
                "cy,-2e1,Bonn,yes");
        NodeTable t = NodeTable.read(file, TableOptions.builder().idColumn("name").target("label").build());
        assertEquals(List.of("ann", "bo", "cy"), t.ids());
        assertEquals(List.of("age", "city=Bonn", "city=Köln"), t.featureNames());
        assertArrayEquals(new float[] {31, 1, 0}, row(t, 0));
        assertArrayEquals(new float[] {45.5f, 0, 1}, row(t, 1));
        assertArrayEquals(new float[] {-20, 1, 0}, row(t, 2));
        assertEquals(List.of("yes", "no", "yes"), t.targets());
        assertNull(t.splits());
        assertNull(t.graphs());
        assertEquals(3, t.features().size(0));
        assertEquals(3, t.features().size(1));
    }

    @Test
    void theIdIsTheColumnNamedIdElseTheFirst() throws IOException {
        NodeTable named = NodeTable.read(write(dir, "a.csv", "x,id", "1,p", "2,q"), TableOptions.builder().build());
        assertEquals(List.of("p", "q"), named.ids());
        assertEquals(List.of("x"), named.featureNames());
        NodeTable first = NodeTable.read(write(dir, "b.csv", "key,x", "p,1", "q,2"), TableOptions.builder().build());
        assertEquals("key", first.idColumn());
        assertEquals(List.of("p", "q"), first.ids());
    }

    @Test
    void numberCodesOneHotWhenNamedCategorical() throws IOException {
        Path file = write(dir, "codes.tsv", "id\tzip\tv", "a\t91054\t1", "b\t10115\t2", "c\t91054\t3");
        NodeTable t = NodeTable.read(file, TableOptions.builder().categorical(Set.of("zip")).build());
        assertEquals(List.of("zip=10115", "zip=91054", "v"), t.featureNames());
        assertArrayEquals(new float[] {0, 1, 1}, row(t, 0));
    }

    @Test
    void missingValuesAreRefusedByLineColumnAndNode() throws IOException {
        Path empty = write(dir, "m.csv", "id,age,city", "a,31,Bonn", "b,,Bonn");
        assertFormatError(() -> NodeTable.read(empty, TableOptions.builder().build()), "m.csv:3:",
                "column 'age'", "node 'b'", "no value", "--missing mean");
        Path na = write(dir, "na.csv", "id,age,city", "a,31,Bonn", "b,40,NA");
        assertFormatError(() -> NodeTable.read(na, TableOptions.builder().build()), "na.csv:3:",
                "column 'city'", "node 'b'", "no value ('NA')");
        Path nan = write(dir, "nan.csv", "id,age", "a,NaN", "b,40");
        assertFormatError(() -> NodeTable.read(nan, TableOptions.builder().build()), "nan.csv:2:",
                "column 'age'", "node 'a'", "no value ('NaN')");
    }

    @Test
    void missingValuesTakeTheColumnMeanOnRequest() throws IOException {
        Path file = write(dir, "m.csv", "id,age,city", "a,30,Bonn", "b,,Bonn", "c,60,", "d,NaN,Köln");
        NodeTable t = NodeTable.read(file, TableOptions.builder().missing(Missing.MEAN).build());
        assertEquals(List.of("age", "city=Bonn", "city=Köln"), t.featureNames());
        assertArrayEquals(new float[] {45, 1, 0}, row(t, 1));
        assertArrayEquals(new float[] {60, 2f / 3, 1f / 3}, row(t, 2), 1e-6f);
        assertArrayEquals(new float[] {45, 0, 1}, row(t, 3));
        assertEquals(2, t.notes().size(), t.notes().toString());
        assertTrue(t.notes().get(0).contains("'age': 2 missing values set to the column mean 45"), t.notes().get(0));
    }

    @Test
    void badAndInfiniteNumbersAreNamed() throws IOException {
        Path typo = write(dir, "typo.csv", "id,age", "a,31", "b,4o", "c,50");
        assertFormatError(() -> NodeTable.read(typo, TableOptions.builder().build()), "typo.csv:3:", "column 'age'",
                "node 'b'", "'4o' is not a number (2 of the column's 3 values are)", "--categorical age");
        Path inf = write(dir, "inf.csv", "id,age", "a,31", "b,-Infinity");
        assertFormatError(() -> NodeTable.read(inf, TableOptions.builder().missing(Missing.MEAN).build()),
                "inf.csv:3:", "column 'age'", "node 'b'", "'-Infinity' is not a finite number");
        Path huge = write(dir, "huge.csv", "id,age", "a,31", "b,1e300");
        assertFormatError(() -> NodeTable.read(huge, TableOptions.builder().build()), "huge.csv:3:",
                "'1e300' is not a finite number in single precision");
    }

    @Test
    void decimalCommasInSemicolonTables() throws IOException {
        NodeTable t = NodeTable.read(write(dir, "de.csv", "id;gewicht", "a;1,5", "b;2"), TableOptions.builder()
                .build());
        assertArrayEquals(new float[] {1.5f}, row(t, 0));
    }

    @Test
    void nameLikeTextColumnsAreLeftOutUnlessNamed() throws IOException {
        List<String> lines = new ArrayList<>(List.of("id,name,kind,x"));
        for (int i = 0; i < 12; i++) {
            lines.add("n" + i + ",person " + i + "," + (i % 2 == 0 ? "even" : "odd") + "," + i);
        }
        Path file = write(dir, "names.csv", lines.toArray(String[]::new));
        NodeTable t = NodeTable.read(file, TableOptions.builder().build());
        assertEquals(List.of("kind=even", "kind=odd", "x"), t.featureNames());
        assertTrue(t.notes().get(0).contains("column 'name' left out"), t.notes().toString());
        NodeTable named = NodeTable.read(file, TableOptions.builder().features(List.of("name", "x")).build());
        assertEquals(13, named.featureNames().size());
    }

    @Test
    void rolesAndFeaturesAreChecked() throws IOException {
        Path file = write(dir, "r.csv", "id,g,label,split,x", "a,1,yes,train,0.5", "b,1,,test,1.5");
        NodeTable t = NodeTable.read(file, TableOptions.builder().target("label").splitColumn("split")
                .graphColumn("g").build());
        assertEquals(List.of("x"), t.featureNames());
        assertEquals(Arrays.asList("yes", null), t.targets());
        assertEquals(List.of("train", "test"), t.splits());
        assertEquals(List.of("1", "1"), t.graphs());
        assertFormatError(() -> NodeTable.read(file, TableOptions.builder().target("nope").build()), "r.csv",
                "no column 'nope'", "id, g, label, split, x");
        assertFormatError(() -> NodeTable.read(file, TableOptions.builder().target("label").features(
                List.of("x", "label")).build()), "column 'label' is the target column");
        assertFormatError(() -> NodeTable.read(file, TableOptions.builder().target("id").build()),
                "column 'id' cannot be both the id and the target column");
        Path dup = write(dir, "dup.csv", "id,x", "a,1", "b,2", "a,3");
        assertFormatError(() -> NodeTable.read(dup, TableOptions.builder().build()), "dup.csv:4:",
                "id 'a' is also on line 2");
    }
}
