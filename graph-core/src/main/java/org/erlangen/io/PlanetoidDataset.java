package org.erlangen.io;

import org.erlangen.graph.Graph;

/**
 * A node classification dataset with a fixed split: Planetoid's standard one ({@link PlanetoidReader}), or an OGB
 * node-property dataset's ({@link OgbNodeReader}).
 *
 * @param name the file prefix ({@code cora}), or for OGB the folder's name
 * @param graph undirected, as both directions of every edge; FLOAT node features and INT64 node targets, -1 where
 *     the files give no label
 * @param numClasses one more than the largest label
 * @param trainIndex nodes for training, in file order; the index arrays are copied on the way in and out
 * @param valIndex nodes for validation
 * @param testIndex nodes for testing
 */
public record PlanetoidDataset(String name, Graph graph, int numClasses, int[] trainIndex, int[] valIndex,
        int[] testIndex) {
    public PlanetoidDataset {
        trainIndex = trainIndex.clone();
        valIndex = valIndex.clone();
        testIndex = testIndex.clone();
    }

    @Override
    public int[] trainIndex() {
        return trainIndex.clone();
    }

    @Override
    public int[] valIndex() {
        return valIndex.clone();
    }

    @Override
    public int[] testIndex() {
        return testIndex.clone();
    }

    public boolean[] trainMask() {
        return mask(trainIndex);
    }

    public boolean[] valMask() {
        return mask(valIndex);
    }

    public boolean[] testMask() {
        return mask(testIndex);
    }

    private boolean[] mask(int[] index) {
        boolean[] m = new boolean[graph.numNodes()];
        for (int i : index) {
            m[i] = true;
        }
        return m;
    }
}
