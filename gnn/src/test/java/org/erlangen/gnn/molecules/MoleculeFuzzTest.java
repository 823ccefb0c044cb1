package org.erlangen.gnn.molecules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.erlangen.io.DatasetFormatException;
import org.erlangen.io.Fuzz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The molecule readers fuzzed ({@link Fuzz}: a fixed number of seeded mutations per format), failing at the first
 * bad record and skipping bad ones: each accepts, skips or refuses with a {@link DatasetFormatException}.
 */
class MoleculeFuzzTest {
    private static final int CASES = 1000;
    private static final String XYZ = "3\nwater\nO 0.0 0.0 0.1173\nH 0.0 0.7572 -0.4692\nH 0.0 -0.7572 -0.4692\n"
            + "2\nhydrogen\nH 0 0 0\nH 0 0 0.74\n";
    private static final String SDF = String.join("\n", "propanol", "  test", "",
            "  4  3  0  0  0  0            999 V2000",
            "    0.0000    0.0000    0.0000 C   0  0",
            "    1.3000    0.7500    0.0000 C   0  0",
            "    2.6000    0.0000    0.0000 C   0  0",
            "    3.9000    0.7500    0.0000 O   0  0",
            "  1  2  1  0", "  2  3  1  0", "  3  4  1  0",
            "M  END", ">  <NAME>  (1) ", "1-propanol", "", ">  <SOL>", "0.62", "", "$$$$", "");

    @TempDir
    Path dir;

    @Test
    void xyzSurvivesFuzzing() throws Exception {
        for (OnError onError : OnError.values()) {
            var result = Fuzz.file("m.xyz", XYZ, DatasetFormatException.class).cases(CASES).seed(61)
                    .run(dir.resolve(onError.name()), file -> XyzReader.read(file, onError));
            assertTrue(result.accepted() > 0, result.toString());
        }
    }

    @Test
    void sdfSurvivesFuzzing() throws Exception {
        for (OnError onError : OnError.values()) {
            var result = Fuzz.file("m.sdf", SDF, DatasetFormatException.class).cases(CASES).seed(62)
                    .run(dir.resolve(onError.name()), file -> SdfReader.huuskonen(file, onError));
            assertTrue(result.accepted() > 0, result.toString());
        }
    }
}
