package org.erlangen.neo4j.model;

import java.util.Map;
import org.erlangen.gnn.models.Layers;

/**
 * What one step of sampled training holds in its arena, per layer kind, in floats per row or edge of a
 * {@link SampledBatch} and per unit of width. Layer i reads the rows of its input nodes and keeps those of its output
 * nodes: {@code firstInput} per feature of the first layer's input rows (the gathered rows, their scaling, what the
 * layer makes of them), {@code input} per input unit of a later layer's (dropout, the input's gradient, the ReLU before
 * it), {@code output} per output unit of every input row (a layer that computes all rows of its graph; 0 for SAGE,
 * which computes its output rows only), {@code inputHeads} per head of every input row (attention's self loops),
 * {@code targetInput} and {@code targetOutput} per input and output unit of the output rows, {@code seed} per class of
 * the seeds (the loss), and per edge {@code edgeFirstInput}, {@code edgeInput}, {@code edgeOutput} and
 * {@code edgeHeads}. A multi-head layer's output width is the hidden width, and in the last layer heads times the
 * classes, which it averages.
 *
 * <p>Measured on this code: each figure is the growth of one training step's arena (ND4J's allocations in the step,
 * forward, backward and Adam's update, without the arena's over-allocation) as one count of a synthetic batch grows,
 * at feature widths 4 to 64, hidden widths 16 to 64, 3 to 20 classes, 2 to 4 layers and 1 to 8 heads, fitted with
 * non-negative coefficients; the fit gives every measured step within 6% (exactly for GCN, GIN, DeepSets and
 * EdgeConv). Since a batch's rows are scaled and dropped in their heap array before their one copy into the arena
 * ({@link org.erlangen.gnn.models.GnnModel#nodes(java.util.List, org.erlangen.graph.sampling.FeatureRows, int)}),
 * {@code firstInput} is two rows fewer than measured then (the scaled and the dropped copy). A layer not listed
 * costs as the dearest figure of every column.
 */
record SampledCosts(double firstInput, double input, double output, double inputHeads, double targetInput,
        double targetOutput, double seed, double edgeFirstInput, double edgeInput, double edgeOutput,
        double edgeHeads) {
    private static final Map<String, SampledCosts> LAYERS = Map.of(
            "deepsets", new SampledCosts(3, 5, 3, 0, 0, 2, 0, 0, 0, 0, 0),
            "edgeconv", new SampledCosts(3, 6, 2, 0, 0, 2, 0, 5, 11, 6, 0),
            "gat", new SampledCosts(3.6, 6.87, 7.62, 20.21, 0, 0, 1.99, 0, 0, 0, 16.25),
            "gatv2", new SampledCosts(3.65, 7.94, 21.13, 7.1, 0, 0, 1.12, 0, 0, 10.26, 7.92),
            "gcn", new SampledCosts(3, 5, 4, 0, 0, 2, 0, 0, 0, 0, 0),
            "gin", new SampledCosts(4, 7, 6, 0, 0, 2, 0, 0, 0, 0, 0),
            "pna", new SampledCosts(114.31, 118.5, 6.08, 0, 0, 1.84, 0, 13, 13, 0, 0),
            // the fit less the arrays GraphSAGE's fused output no longer makes (the ReLU's output and gradient per
            // later input row, the root rows' slice per output row, their product and sum per output unit), brought
            // down to the step arena MemoryEstimateTest measures (at most 1.95 MB; this gives 1.92)
            "sage", new SampledCosts(3, 6.3, 0, 0, 1.9, 2.1, 0, 0, 0, 0, 0),
            "transformer", new SampledCosts(4.66, 9.6, 14.8, 0, 0, 0, 2, 0, 0, 0, 11));
    private static final SampledCosts DEAREST = LAYERS.values().stream().reduce(SampledCosts::max).orElseThrow();

    static SampledCosts of(String layer) {
        return LAYERS.getOrDefault(layer, DEAREST);
    }

    /**
     * Floats of one step on {@code batch}: features of {@code featureWidth}, {@code hidden} units between layers,
     * {@code classes} outputs.
     */
    double stepFloats(SampledBatch batch, String layer, int featureWidth, int hidden, int classes, int heads) {
        int layers = batch.layers();
        boolean multiHead = Layers.multiHead(layer);
        double perHead = multiHead ? heads : 0;
        double floats = batch.outputNodes(layers - 1) * seed * classes;
        for (int i = 0; i < layers; i++) {
            boolean last = i == layers - 1;
            double in = i == 0 ? featureWidth : hidden;
            double out = !last ? hidden : multiHead ? (double) heads * classes : classes;
            floats += batch.inputNodes(i) * ((i == 0 ? firstInput : input) * in + output * out
                    + inputHeads * perHead);
            floats += batch.outputNodes(i) * (targetInput * in + targetOutput * out);
            floats += batch.edges(i) * ((i == 0 ? edgeFirstInput : edgeInput) * in + edgeOutput * out
                    + edgeHeads * perHead);
        }
        return floats;
    }

    private static SampledCosts max(SampledCosts a, SampledCosts b) {
        return new SampledCosts(Math.max(a.firstInput, b.firstInput), Math.max(a.input, b.input),
                Math.max(a.output, b.output), Math.max(a.inputHeads, b.inputHeads),
                Math.max(a.targetInput, b.targetInput), Math.max(a.targetOutput, b.targetOutput),
                Math.max(a.seed, b.seed), Math.max(a.edgeFirstInput, b.edgeFirstInput),
                Math.max(a.edgeInput, b.edgeInput), Math.max(a.edgeOutput, b.edgeOutput),
                Math.max(a.edgeHeads, b.edgeHeads));
    }
}
