package org.erlangen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommunityExampleTest {
    @Test
    void placesPeopleInTheirCommunitiesFromThreeLabelsEach() {
        var people = CommunityExample.people(3, 40, 1);
        Map<String, Integer> predicted = CommunityExample.classify(people, 3);
        assertEquals(people.vertexSet(), predicted.keySet(), "results are keyed by the caller's own vertices");
        long correct = predicted.entrySet().stream()
                .filter(e -> e.getValue() == CommunityExample.community(e.getKey())).count();
        assertTrue(correct >= 0.9 * predicted.size(), correct + " of " + predicted.size() + " placed correctly");
    }
}
