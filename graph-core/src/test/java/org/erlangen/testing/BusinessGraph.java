package org.erlangen.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.erlangen.graph.Graph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Customers as a graph a Neo4j user might hold: an age (18-90), a yearly income (10,000-250,000) and a 0/1 flag per
 * node, each node linked to a few others, most of them of its own class. The class is a rule of the node's own
 * features: 1 when the income is above 60,000 and the customer is under 50 or flagged (about half the nodes). Raw, the
 * income column is thousands of times the age column and a hundred thousand times the flag: the scales that collapse
 * an unscaled model.
 *
 * @param age years, per node
 * @param income per node
 * @param flag 0 or 1, per node
 * @param label the class of each node
 * @param senders one end of each undirected link
 * @param receivers the other end
 */
public record BusinessGraph(double[] age, double[] income, int[] flag, int[] label, int[] senders, int[] receivers) {
    /** The rule the classes follow. */
    public static int rule(double age, double income, int flag) {
        return income > 60_000 && (age < 50 || flag == 1) ? 1 : 0;
    }

    /** {@code nodes} customers, each linked to {@code links} others, 80% of them of its own class. */
    public static BusinessGraph generate(int nodes, int links, long seed) {
        var random = new SplittableRandom(seed);
        double[] age = new double[nodes];
        double[] income = new double[nodes];
        int[] flag = new int[nodes];
        int[] label = new int[nodes];
        List<List<Integer>> byClass = List.of(new ArrayList<>(), new ArrayList<>());
        for (int v = 0; v < nodes; v++) {
            age[v] = Math.rint(18 + 72 * random.nextDouble());
            income[v] = Math.rint(10_000 + 240_000 * random.nextDouble());
            flag[v] = random.nextInt(2);
            label[v] = rule(age[v], income[v], flag[v]);
            byClass.get(label[v]).add(v);
        }
        int[] senders = new int[nodes * links];
        int[] receivers = new int[nodes * links];
        for (int v = 0; v < nodes; v++) {
            for (int k = 0; k < links; k++) {
                List<Integer> pool = byClass.get(random.nextDouble() < 0.8 ? label[v] : 1 - label[v]);
                int u = pool.get(random.nextInt(pool.size()));
                senders[v * links + k] = v;
                receivers[v * links + k] = u == v ? (v + 1) % nodes : u;
            }
        }
        return new BusinessGraph(age, income, flag, label, senders, receivers);
    }

    public int nodes() {
        return label.length;
    }

    /** The features as they come: [age, income, flag] per node. */
    public double[][] rawFeatures() {
        double[][] x = new double[nodes()][];
        for (int v = 0; v < x.length; v++) {
            x[v] = new double[] {age[v], income[v], flag[v]};
        }
        return x;
    }

    /**
     * The features as a careful user would prepare them: age and income standardised with the mean and standard
     * deviation of all nodes, the flag left as 0/1.
     */
    public double[][] standardisedFeatures() {
        double[][] x = rawFeatures();
        for (int c = 0; c < 2; c++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[c] / x.length;
            }
            double variance = 0;
            for (double[] row : x) {
                variance += (row[c] - mean) * (row[c] - mean) / x.length;
            }
            for (double[] row : x) {
                row[c] = (row[c] - mean) / Math.sqrt(variance);
            }
        }
        return x;
    }

    /** The graph with these features (float), the labels as node targets and links in both directions. */
    public Graph graph(double[][] features) {
        int m = senders.length;
        int[] s = new int[2 * m];
        int[] r = new int[2 * m];
        for (int e = 0; e < m; e++) {
            s[2 * e] = senders[e];
            r[2 * e] = receivers[e];
            s[2 * e + 1] = receivers[e];
            r[2 * e + 1] = senders[e];
        }
        return Graph.builder(nodes()).edges(s, r)
                .nodeFeatures(Nd4j.createFromArray(features).castTo(DataType.FLOAT))
                .nodeTargets(Nd4j.createFromArray(label)).build();
    }
}
