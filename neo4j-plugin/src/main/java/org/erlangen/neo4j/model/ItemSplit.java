package org.erlangen.neo4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.erlangen.graph.Splits;

/**
 * Which labelled items train, validate and test: given per item by a split property ("train", "validation" or
 * "test"; anything else leaves the item out), or drawn at random from the labelled items with a seed.
 */
public final class ItemSplit {
    private ItemSplit() {
    }

    /**
     * @param labelled whether each item has a target
     * @param classes class index per item for a stratified split, or null
     */
    public static Splits.Split of(Object[] splitValues, String splitProperty, boolean[] labelled, int[] classes,
            double validation, double test, long seed, String targetProperty, IntFunction<String> itemName,
            String itemKind) {
        if (splitValues != null) {
            return fromProperty(splitValues, splitProperty, labelled, targetProperty, itemName, itemKind);
        }
        int[] items = IntStream.range(0, labelled.length).filter(i -> labelled[i]).toArray();
        if (items.length == 0) {
            throw new IllegalArgumentException("targetProperty '" + targetProperty + "' is missing on all "
                    + labelled.length + " " + itemKind);
        }
        Splits.Split local;
        if (classes != null) {
            int[] itemClasses = IntStream.of(items).map(i -> classes[i]).toArray();
            local = Splits.stratified(itemClasses, 1 - validation - test, validation, test, seed);
        } else {
            local = Splits.random(items.length, 1 - validation - test, validation, test, seed);
        }
        return new Splits.Split(map(local.train(), items), map(local.validation(), items), map(local.test(), items));
    }

    private static int[] map(int[] local, int[] items) {
        return IntStream.of(local).map(i -> items[i]).sorted().toArray();
    }

    private static Splits.Split fromProperty(Object[] values, String property, boolean[] labelled,
            String targetProperty, IntFunction<String> itemName, String itemKind) {
        List<List<Integer>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int unlabelled = 0;
        int example = -1;
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] instanceof String s)) {
                continue;
            }
            int part = switch (s.toLowerCase(Locale.ROOT)) {
                case "train" -> 0;
                case "validation", "valid", "val" -> 1;
                case "test" -> 2;
                default -> -1;
            };
            if (part < 0) {
                continue;
            }
            if (!labelled[i]) {
                unlabelled++;
                example = example < 0 ? i : example;
                continue;
            }
            parts.get(part).add(i);
        }
        if (unlabelled > 0) {
            throw new IllegalArgumentException("targetProperty '" + targetProperty + "' is missing on " + unlabelled
                    + " " + itemKind + " that splitProperty '" + property + "' puts in train, validation or test, "
                    + "e.g. " + itemName.apply(example));
        }
        if (parts.get(0).isEmpty()) {
            throw new IllegalArgumentException("splitProperty '" + property + "' marks no " + itemKind
                    + " as 'train'");
        }
        return new Splits.Split(toArray(parts.get(0)), toArray(parts.get(1)), toArray(parts.get(2)));
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
