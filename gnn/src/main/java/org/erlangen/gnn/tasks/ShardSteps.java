package org.erlangen.gnn.tasks;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.gnn.models.ModelConfig;
import org.erlangen.gnn.models.SampledBatch;
import org.erlangen.graph.Graph;
import org.erlangen.graph.sampling.NeighborLoader;
import org.erlangen.graph.sampling.NeighborSampler;
import org.erlangen.graph.sampling.NodeRows;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Losses;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One worker's share of data-parallel node classification (DistDGL's): a shard of the graph (the worker's nodes,
 * with the halo their sampled neighbourhoods reach), its training nodes, and a copy of the model. A step samples the
 * shard's mini-batch as single-machine training samples its own ({@link NeighborLoader}, keyed by seed and epoch) and
 * runs the forward and backward pass of the one training step, but applies no update: the workers' gradients are
 * summed, the trainer applies the update once ({@link org.erlangen.train.GivenGradients}), and the weights come back
 * with the next step. With the whole graph as the one shard, the steps are single-machine training's steps.
 */
public final class ShardSteps {
    /**
     * What a step gives back: its seeds, its mean loss over them, and the gradients of that mean, in the order of
     * the model's parameters. (A class, not a record: engines that ship it, Spark's Kryo among them, build objects
     * field by field.)
     */
    public static final class Gradients implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int seeds;
        private final double loss;
        private final double[][] values;

        public Gradients(int seeds, double loss, double[][] values) {
            this.seeds = seeds;
            this.loss = loss;
            this.values = values;
        }

        public int seeds() {
            return seeds;
        }

        public double loss() {
            return loss;
        }

        public double[][] values() {
            return values;
        }
    }

    private final int[] labels;
    private final GnnModel model;
    private final NeighborLoader<SampledBatch> loader;
    private long epochOfSeeds = -1;
    private int[][] seeds;

    /**
     * {@code shard}: the shard's graph with node features; {@code labels}: a class per shard node ({@code -1} none);
     * {@code train}: the shard's training nodes; the model, seed, fanouts and batch size as single-machine training's.
     */
    public ShardSteps(Graph shard, int[] labels, int[] train, ModelConfig config, long seed, int[] fanouts,
            int batchSize) {
        if (shard.nodeFeatures() == null) {
            throw new IllegalArgumentException("a shard needs node features");
        }
        for (int node : train) {
            if (labels[node] < 0) {
                throw new IllegalArgumentException("training node " + node + " of the shard has no label");
            }
        }
        this.labels = labels;
        this.model = new GnnModel(config, seed, shard.nodeFeatures().dataType());
        NodeRows features = NodeRows.of(shard.nodeFeatures());
        this.loader = NeighborLoader.builder(NeighborSampler.uniform(shard.adjacency(), fanouts, false), train,
                sub -> SampledBatch.of(sub, features, config.layer())).batchSize(batchSize).seed(seed).workers(0)
                .whenDone(SampledBatch::release).build();
    }

    public int batchesPerEpoch() {
        return loader.batchesPerEpoch();
    }

    /**
     * Batch {@code batch} of epoch {@code epoch} (counted as the trainer counts them, from 1) at the parameters
     * {@code weights} (the model's whole state, by name): its loss and gradients, or null when this shard has fewer
     * batches.
     */
    public Gradients step(long epoch, int batch, Map<String, INDArray> weights) {
        if (epoch != epochOfSeeds) {
            seeds = loader.seeds(epoch);
            epochOfSeeds = epoch;
        }
        if (batch >= seeds.length) {
            return null;
        }
        model.loadStateDict(weights);
        model.train(true);
        model.zeroGrad();
        SampledBatch prepared = loader.batch(seeds[batch], epoch);
        try (var step = Workspace.step()) {
            Tensor loss = Losses.crossEntropy(prepared.outputs(model), NodeClassifier.select(labels,
                    prepared.seeds()), null, null);
            double value = loss.item();
            loss.backward();
            List<Tensor> parameters = model.parameters();
            double[][] values = new double[parameters.size()][];
            for (int i = 0; i < values.length; i++) {
                INDArray grad = parameters.get(i).grad();
                values[i] = grad == null ? new double[Math.toIntExact(parameters.get(i).data().length())]
                        : grad.dup('c').data().asDouble();
            }
            model.zeroGrad();
            return new Gradients(prepared.seeds().length, value, values);
        }
    }
}
