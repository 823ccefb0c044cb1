package org.erlangen.examples;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.erlangen.gnn.tasks.NodeClassifier;
import org.erlangen.jgrapht.JGraphTAdapter;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;

/**
 * The README's example: a JGraphT graph of people in three communities, a few of whom are labelled, goes in; the
 * community of every person comes back keyed by the person. Features are one-hot vertex identities (as in Kipf and
 * Welling's karate-club demo), so everything the model knows comes from the graph.
 */
public final class CommunityExample {
    private CommunityExample() {
    }

    /** A planted partition: {@code perCommunity} people per community, dense inside, sparse across. */
    public static Graph<String, DefaultEdge> people(int communities, int perCommunity, long seed) {
        Graph<String, DefaultEdge> graph = new SimpleGraph<>(DefaultEdge.class);
        Random random = new Random(seed);
        int n = communities * perCommunity;
        for (int i = 0; i < n; i++) {
            graph.addVertex(name(i, perCommunity));
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                boolean same = i / perCommunity == j / perCommunity;
                if (random.nextDouble() < (same ? 0.15 : 0.01)) {
                    graph.addEdge(name(i, perCommunity), name(j, perCommunity));
                }
            }
        }
        return graph;
    }

    static String name(int i, int perCommunity) {
        return "person-" + (i / perCommunity) + "-" + (i % perCommunity);
    }

    /** The community in a person's name: the ground truth the example checks against. */
    public static int community(String person) {
        return Integer.parseInt(person.split("-")[1]);
    }

    /** Labels the first {@code labelled} people of each community, trains, and returns everyone's predicted class. */
    public static Map<String, Integer> classify(Graph<String, DefaultEdge> people, int labelled) {
        var index = new HashMap<String, Integer>();
        people.vertexSet().forEach(v -> index.put(v, index.size()));
        int n = index.size();

        JGraphTAdapter<String, DefaultEdge> adapter = JGraphTAdapter.from(people)
                .nodeFeatures(v -> oneHot(index.get(v), n))
                .nodeLabels(v -> Integer.parseInt(v.split("-")[2]) < labelled ? community(v) : null)
                .build();

        NodeClassifier classifier = new NodeClassifier().seed(7);
        var graph = adapter.graph().withSelfLoops();
        classifier.fit(graph);
        return adapter.classesByVertex(classifier.logits(graph));
    }

    private static double[] oneHot(int i, int n) {
        double[] v = new double[n];
        v[i] = 1;
        return v;
    }

    public static void main(String[] args) {
        var people = people(3, 40, 1);
        Map<String, Integer> predicted = classify(people, 3);
        long correct = predicted.entrySet().stream().filter(e -> e.getValue() == community(e.getKey())).count();
        System.out.printf("%d of %d people placed in their community%n", correct, predicted.size());
    }
}
