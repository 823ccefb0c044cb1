package org.erlangen.gnn.conv;

import java.util.ArrayList;
import java.util.List;
import org.erlangen.graph.Graph;

/**
 * The edges an attention layer attends over, listed independently of the layer's code: each node's incoming edges,
 * with optionally every self loop replaced by one new loop per node whose features are the mean of the node's other
 * incoming edge features.
 */
final class AttentionReference {
    private AttentionReference() {
    }

    /** One edge: sender, receiver, features (null without edge features). */
    record Edge(int sender, int receiver, double[] features) {
    }

    static List<Edge> edges(Graph g, boolean addSelfLoops) {
        int[] s = g.senders();
        int[] r = g.receivers();
        double[][] e = g.edgeFeatures() == null ? null : LayerChecks.rows(g.edgeFeatures());
        List<Edge> edges = new ArrayList<>();
        for (int k = 0; k < s.length; k++) {
            if (!addSelfLoops || s[k] != r[k]) {
                edges.add(new Edge(s[k], r[k], e == null ? null : e[k]));
            }
        }
        if (addSelfLoops) {
            int n = g.numNodes();
            for (int v = 0; v < n; v++) {
                double[] mean = null;
                if (e != null) {
                    mean = new double[e[0].length];
                    int count = 0;
                    for (Edge edge : edges) {
                        if (edge.receiver() == v && edge.sender() != v) {
                            mean = LayerChecks.plus(mean, edge.features());
                            count++;
                        }
                    }
                    mean = count == 0 ? mean : LayerChecks.scaled(mean, 1.0 / count);
                }
                edges.add(new Edge(v, v, mean));
            }
        }
        return edges;
    }

    /** Softmax of {@code scores[k][h]} over the edges with the same receiver, per head. */
    static double[][] softmaxByReceiver(List<Edge> edges, double[][] scores, int n) {
        int heads = scores.length == 0 ? 0 : scores[0].length;
        double[][] max = new double[n][heads];
        for (double[] row : max) {
            java.util.Arrays.fill(row, Double.NEGATIVE_INFINITY);
        }
        for (int k = 0; k < edges.size(); k++) {
            for (int h = 0; h < heads; h++) {
                max[edges.get(k).receiver()][h] = Math.max(max[edges.get(k).receiver()][h], scores[k][h]);
            }
        }
        double[][] z = new double[n][heads];
        double[][] alpha = new double[edges.size()][heads];
        for (int k = 0; k < edges.size(); k++) {
            int i = edges.get(k).receiver();
            for (int h = 0; h < heads; h++) {
                alpha[k][h] = Math.exp(scores[k][h] - max[i][h]);
                z[i][h] += alpha[k][h];
            }
        }
        for (int k = 0; k < edges.size(); k++) {
            for (int h = 0; h < heads; h++) {
                alpha[k][h] /= z[edges.get(k).receiver()][h];
            }
        }
        return alpha;
    }

    /** {@code out[i] = sum over edges into i of alpha[k][h] v[sender][h*C..]}, then concatenated or head-averaged. */
    static double[][] weightedSum(List<Edge> edges, double[][] alpha, double[][] values, int n, int heads,
            boolean concat) {
        int c = values[0].length / heads;
        double[][] out = new double[n][heads * c];
        for (int k = 0; k < edges.size(); k++) {
            Edge e = edges.get(k);
            for (int h = 0; h < heads; h++) {
                for (int j = 0; j < c; j++) {
                    out[e.receiver()][h * c + j] += alpha[k][h] * values[k][h * c + j];
                }
            }
        }
        if (concat) {
            return out;
        }
        double[][] mean = new double[n][c];
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < heads; h++) {
                for (int j = 0; j < c; j++) {
                    mean[i][j] += out[i][h * c + j] / heads;
                }
            }
        }
        return mean;
    }
}
