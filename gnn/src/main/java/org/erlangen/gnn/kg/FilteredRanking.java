package org.erlangen.gnn.kg;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Link-prediction figures in the filtered setting (Bordes et al. 2013): for each test triple, the true tail is ranked
 * among all entities for the query {@code (h, r, ?)} and the true head for {@code (?, r, t)}, leaving out the other
 * answers known to be true (in any split), so a model is not punished for ranking another right answer first. Ties
 * count half (the mean of the optimistic and pessimistic rank). Reports the mean reciprocal rank and Hits@1/3/10
 * over both directions.
 */
public final class FilteredRanking {
    /** The figures over {@code count} ranked queries (two per triple). */
    public record Result(double mrr, double hits1, double hits3, double hits10, int count) {
    }

    /** The known true answers of each query key: tails of (h, r, ?) and heads of (?, r, t). */
    private final Map<Long, int[]> answers = new HashMap<>();
    private final int relations;

    /** Indexes every known triple of the given splits ({@code {head, relation, tail}} each). */
    public FilteredRanking(int relations, int[][]... splits) {
        this.relations = relations;
        Map<Long, int[]> building = new HashMap<>();
        Map<Long, Integer> sizes = new HashMap<>();
        for (int[][] split : splits) {
            for (int[] t : split) {
                add(building, sizes, key(t[0], t[1], true), t[2]);
                add(building, sizes, key(t[2], t[1], false), t[0]);
            }
        }
        // a triple listed in two splits is one known answer
        building.forEach((k, v) -> answers.put(k, Arrays.stream(v, 0, sizes.get(k)).distinct().toArray()));
    }

    private static void add(Map<Long, int[]> map, Map<Long, Integer> sizes, long key, int value) {
        int[] list = map.computeIfAbsent(key, k -> new int[2]);
        int n = sizes.getOrDefault(key, 0);
        if (n == list.length) {
            list = Arrays.copyOf(list, 2 * n);
            map.put(key, list);
        }
        list[n] = value;
        sizes.put(key, n + 1);
    }

    private long key(int entity, int relation, boolean tail) {
        return ((long) entity * relations + relation) * 2 + (tail ? 1 : 0);
    }

    /**
     * Ranks the triples with a scorer that gives, for queries (entities, relations) and a direction (true: tails of
     * (e, r, ?); false: heads of (?, r, e)), the scores [queries, entities] of every candidate.
     *
     * @param batch queries scored at once
     */
    public Result evaluate(int[][] triples, BiFunction<int[][], Boolean, INDArray> scorer, int batch) {
        double reciprocal = 0;
        int hits1 = 0;
        int hits3 = 0;
        int hits10 = 0;
        for (boolean tail : new boolean[] {true, false}) {
            for (int from = 0; from < triples.length; from += batch) {
                int to = Math.min(triples.length, from + batch);
                int[][] part = Arrays.copyOfRange(triples, from, to);
                float[][] scores = scorer.apply(part, tail).castTo(DataType.FLOAT).toFloatMatrix();
                for (int i = 0; i < part.length; i++) {
                    int[] t = part[i];
                    int given = tail ? t[0] : t[2];
                    int wanted = tail ? t[2] : t[0];
                    double rank = rank(scores[i], wanted, answers.get(key(given, t[1], tail)));
                    reciprocal += 1 / rank;
                    hits1 += rank <= 1 ? 1 : 0;
                    hits3 += rank <= 3 ? 1 : 0;
                    hits10 += rank <= 10 ? 1 : 0;
                }
            }
        }
        int n = 2 * triples.length;
        return new Result(reciprocal / n, (double) hits1 / n, (double) hits3 / n, (double) hits10 / n, n);
    }

    /** 1 + (other candidates scoring higher) + (ties) / 2, known answers other than the wanted one left out. */
    static double rank(float[] scores, int wanted, int[] known) {
        float target = scores[wanted];
        if (Float.isNaN(target)) {
            return scores.length; // a diverged model ranks its answer last, not first
        }
        int higher = 0;
        int equal = 0;
        for (float s : scores) {
            if (s > target) {
                higher++;
            } else if (s == target) {
                equal++;
            }
        }
        equal--; // the wanted answer itself
        if (known != null) {
            for (int k : known) {
                if (k != wanted) {
                    if (scores[k] > target) {
                        higher--;
                    } else if (scores[k] == target) {
                        equal--;
                    }
                }
            }
        }
        return 1 + higher + equal / 2.0;
    }
}
