package org.erlangen.neo4j.model;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.erlangen.kernels.Buffers;
import org.erlangen.kernels.Termination;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The best-scored new links of each source node: every candidate target scored by the dot product of the two
 * embeddings (a matrix product per chunk of sources), the source itself and its known links left out, the
 * {@code k} best kept, highest first, with the probability the model gives them (the logistic of its logit).
 * Results are in source order, then score order; ties go to the candidate that comes first.
 */
public record LinkPredictions(int[] sources, int[] targets, double[] probabilities) {
    /** Scores held at once: a chunk of sources times every candidate, 64 MB of floats. */
    private static final long SCORES_AT_ONCE = 1L << 24;

    public int size() {
        return sources.length;
    }

    /**
     * @param embeddings every node's embedding, [nodes, width]
     * @param known each node's linked nodes (out-neighbours, or both ways for undirected links) as CSR over nodes
     */
    public static LinkPredictions topK(INDArray embeddings, int[] sources, int[] candidates, int[] knownOffsets,
            int[] known, int k) {
        return topK(embeddings, sources, candidates, knownOffsets, known, k, dot -> dot);
    }

    /**
     * As above, with the model's logit of each dot product ({@link LinkSpec#logit}), an increasing function, so it
     * changes probabilities, not the ranking.
     */
    public static LinkPredictions topK(INDArray embeddings, int[] sources, int[] candidates, int[] knownOffsets,
            int[] known, int k, DoubleUnaryOperator logit) {
        int n = (int) embeddings.rows();
        int m = candidates.length;
        int[] position = new int[n];
        Arrays.fill(position, -1);
        for (int j = 0; j < m; j++) {
            position[candidates[j]] = j;
        }
        int keep = Math.min(k, m);
        int[] outSources = new int[sources.length * keep];
        int[] outTargets = new int[outSources.length];
        double[] outProbabilities = new double[outSources.length];
        int made = 0;
        if (m == 0) {
            return new LinkPredictions(new int[0], new int[0], new double[0]);
        }
        INDArray targetRows = Nd4j.pullRows(embeddings, 1, candidates).castTo(DataType.FLOAT);
        INDArray targetsT = targetRows.transpose().dup('c');
        targetRows.close();
        int chunk = (int) Math.max(1, Math.min(sources.length, SCORES_AT_ONCE / m));
        boolean[] excluded = new boolean[m];
        for (int from = 0; from < sources.length; from += chunk) {
            Termination.check();
            int[] part = Arrays.copyOfRange(sources, from, Math.min(sources.length, from + chunk));
            float[] scores;
            try (INDArray rows = Nd4j.pullRows(embeddings, 1, part).castTo(DataType.FLOAT);
                    INDArray product = rows.mmul(targetsT)) {
                scores = Buffers.floats(product);
            }
            for (int r = 0; r < part.length; r++) {
                int u = part[r];
                mark(u, position, knownOffsets, known, excluded, true);
                Best best = new Best(keep);
                int base = r * m;
                for (int j = 0; j < m; j++) {
                    if (!excluded[j]) {
                        best.offer(scores[base + j], j);
                    }
                }
                mark(u, position, knownOffsets, known, excluded, false);
                int count = best.size();
                for (int at = made + count - 1; at >= made; at--) {
                    outSources[at] = u;
                    outTargets[at] = candidates[best.worstIndex()];
                    outProbabilities[at] = 1 / (1 + Math.exp(-logit.applyAsDouble(best.worstScore())));
                    best.pollWorst();
                }
                made += count;
            }
        }
        targetsT.close();
        return new LinkPredictions(Arrays.copyOf(outSources, made), Arrays.copyOf(outTargets, made),
                Arrays.copyOf(outProbabilities, made));
    }

    /**
     * The {@code capacity} best (score, candidate) pairs offered, as a binary min-heap on primitive arrays: the
     * worst kept is at the root. Of equal scores the candidate offered first stays.
     */
    private static final class Best {
        private final float[] scores;
        private final int[] indices;
        private int size;

        Best(int capacity) {
            scores = new float[capacity];
            indices = new int[capacity];
        }

        int size() {
            return size;
        }

        void offer(float score, int index) {
            if (size < scores.length) {
                scores[size] = score;
                indices[size] = index;
                up(size++);
            } else if (size > 0 && score > scores[0]) {
                scores[0] = score;
                indices[0] = index;
                down(0);
            }
        }

        float worstScore() {
            return scores[0];
        }

        int worstIndex() {
            return indices[0];
        }

        void pollWorst() {
            size--;
            scores[0] = scores[size];
            indices[0] = indices[size];
            down(0);
        }

        /** Whether entry a is worse than entry b: a lower score, or an equal score offered later. */
        private boolean worse(int a, int b) {
            return scores[a] < scores[b] || (scores[a] == scores[b] && indices[a] > indices[b]);
        }

        private void up(int i) {
            while (i > 0 && worse(i, (i - 1) / 2)) {
                swap(i, (i - 1) / 2);
                i = (i - 1) / 2;
            }
        }

        private void down(int i) {
            while (true) {
                int l = 2 * i + 1;
                int r = l + 1;
                int worst = i;
                if (l < size && worse(l, worst)) {
                    worst = l;
                }
                if (r < size && worse(r, worst)) {
                    worst = r;
                }
                if (worst == i) {
                    return;
                }
                swap(i, worst);
                i = worst;
            }
        }

        private void swap(int a, int b) {
            float s = scores[a];
            scores[a] = scores[b];
            scores[b] = s;
            int x = indices[a];
            indices[a] = indices[b];
            indices[b] = x;
        }
    }

    /** Sets or clears the exclusion of the source itself and its known neighbours among the candidates. */
    private static void mark(int u, int[] position, int[] offsets, int[] known, boolean[] excluded, boolean on) {
        if (position[u] >= 0) {
            excluded[position[u]] = on;
        }
        for (int e = offsets[u]; e < offsets[u + 1]; e++) {
            int j = position[known[e]];
            if (j >= 0) {
                excluded[j] = on;
            }
        }
    }

    /** Each node's linked nodes as CSR: out-neighbours, or both ways when links have no direction. */
    public static int[][] knownLinks(int n, int[] starts, int[] ends, boolean undirected) {
        int[] offsets = new int[n + 1];
        for (int i = 0; i < starts.length; i++) {
            offsets[starts[i] + 1]++;
            if (undirected) {
                offsets[ends[i] + 1]++;
            }
        }
        for (int v = 0; v < n; v++) {
            offsets[v + 1] += offsets[v];
        }
        int[] fill = Arrays.copyOf(offsets, n);
        int[] neighbours = new int[offsets[n]];
        for (int i = 0; i < starts.length; i++) {
            neighbours[fill[starts[i]]++] = ends[i];
            if (undirected) {
                neighbours[fill[ends[i]]++] = starts[i];
            }
        }
        return new int[][] {offsets, neighbours};
    }
}
