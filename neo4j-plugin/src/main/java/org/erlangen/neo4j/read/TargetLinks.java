package org.erlangen.neo4j.read;

import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The relationships of a link-prediction model's target type between selected nodes, each once as (start, end)
 * node indices, and which selected nodes carry each of the selection's labels, in the order of {@code nodeLabels}
 * (empty when the selection names no labels): what tells sources and targets of the relation apart.
 */
public record TargetLinks(String type, int[] starts, int[] ends, List<BitSet> labelMembers) {
    public int count() {
        return starts.length;
    }

    /**
     * The selected nodes carrying any of {@code labels}, which must be among {@code selectionLabels} (the labels
     * {@link #labelMembers} follows); every one of the {@code n} selected nodes when the selection names no labels.
     */
    public int[] nodesWith(List<String> labels, List<String> selectionLabels, int n) {
        if (selectionLabels.isEmpty()) {
            return IntStream.range(0, n).toArray();
        }
        BitSet any = new BitSet(n);
        for (String label : labels) {
            any.or(labelMembers.get(selectionLabels.indexOf(label)));
        }
        return any.stream().toArray();
    }
}
