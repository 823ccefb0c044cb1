package org.erlangen.neo4j.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** User names as folder names: distinct even where case is ignored, short enough, and the earlier naming read back. */
class ModelNamesTest {
    private static final List<String> USERS = List.of("alice", "Alice", "ALICE", "aLiCe", "a_lice", "a+lice",
            "a.lice", "_anonymous", "_an", "+alice", "élise", "Élise", "neo4j", "x".repeat(300), "X".repeat(300),
            "x".repeat(299) + "X");

    @Test
    void foldersDifferEvenWhereCaseIsIgnored() {
        Set<String> folded = new HashSet<>();
        for (String user : USERS) {
            String folder = ModelNames.folderOf(user);
            assertTrue(folder.length() <= ModelNames.MAX_FOLDER, user + " -> " + folder);
            assertTrue(folder.matches("[a-z0-9+_=-]+"), user + " -> " + folder);
            assertTrue(folded.add(folder.toLowerCase()), user + " shares folder " + folder);
        }
        assertTrue(folded.add(ModelNames.ANONYMOUS), "no user gets the anonymous folder");
        assertEquals("+alice", ModelNames.folderOf("Alice"));
        assertEquals("a_5flice", ModelNames.folderOf("a_lice"));
        assertEquals("_2balice", ModelNames.folderOf("+alice"));
    }

    @Test
    void theEarlierNamingIsReadBackOnlyWhereItDiffers() {
        assertEquals("Alice", ModelNames.legacyUser("Alice"));
        assertEquals("éLise", ModelNames.legacyUser("_c3_a9Lise"));
        assertNull(ModelNames.legacyUser("_c3_89lise"), "É is written alike by both namings");
        assertEquals("J_Doe", ModelNames.legacyUser("J_5fDoe"));
        // names today's naming gives, or that no version gave, are left alone
        for (String folder : List.of("alice", "+alice", "_anonymous", "a_5flice", "A_zz", "A=b", "_c3")) {
            assertNull(ModelNames.legacyUser(folder), folder);
        }
    }
}
