package org.erlangen.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.erlangen.gnn.geometric.GaussianRbf;
import org.erlangen.gnn.geometric.SchNet;
import org.erlangen.gnn.molecules.AtomTypes;
import org.erlangen.gnn.molecules.MolecularGraphs;
import org.erlangen.gnn.molecules.Molecule;
import org.erlangen.graph.Graph;
import org.erlangen.graph.GraphBatch;
import org.erlangen.io.ModelFile;
import org.erlangen.kernels.Concurrency;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Adam;
import org.erlangen.train.Losses;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SchNet (64 features and filters, 25 Gaussians, 3 interactions, 5 Å cutoff, float32) on one fixed batch of
 * molecules: the median time of a training step (forward, L1 loss on normalised energies, backward, Adam) and of a
 * prediction (forward without gradients), here and, from the same batch and initial weights, in plain PyTorch (the
 * peer {@code schnet_pytorch.py}), which also returns its losses and initial energies to check both compute the same.
 */
public final class SchNetBench {
    static final double LEARNING_RATE = 5e-4;

    /**
     * Process CPU milliseconds per training step and per prediction, averaged over the timed steps (the process clock
     * ticks too coarsely for a median of single steps): on a shared machine these vary far less with the load of
     * other processes than wall-clock times (both sides run on one thread).
     */
    public record Cpu(double trainMs, double predictMs) {
    }

    /** Molecules with atom types, positions, radius-graph edges and normalised energies as graph targets. */
    public record Batch(String source, GraphBatch graphs) {
    }

    /**
     * What was measured; the PyTorch fields are null (empty arrays) when the peer did not run.
     *
     * @param losses of every training step, warm-up included
     * @param energies of the initial model, per molecule
     */
    public record Result(int threads, int molecules, double trainMs, double predictMs, Cpu cpu, double[] losses,
            double[] energies, Double pytorchTrainMs, Double pytorchPredictMs, Cpu pytorchCpu, double[] pytorchLosses,
            double[] pytorchEnergies, String peerNote, String blas) {
        public double trainMoleculesPerSecond() {
            return molecules / (trainMs / 1000);
        }

        public double predictMoleculesPerSecond() {
            return molecules / (predictMs / 1000);
        }

        /** Largest relative difference of the training losses (0 without a peer). */
        public double lossDifference() {
            return largestRelative(losses, pytorchLosses);
        }

        /** Largest difference of the initial energies relative to their largest magnitude (0 without a peer). */
        public double energyDifference() {
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < Math.min(energies.length, pytorchEnergies.length); i++) {
                scale = Math.max(scale, Math.abs(pytorchEnergies[i]));
                worst = Math.max(worst, Math.abs(energies[i] - pytorchEnergies[i]));
            }
            return scale == 0 ? worst : worst / scale;
        }

        private static double largestRelative(double[] ours, double[] theirs) {
            double worst = 0;
            for (int i = 0; i < Math.min(ours.length, theirs.length); i++) {
                worst = Math.max(worst, Math.abs(ours[i] - theirs[i]) / Math.abs(theirs[i]));
            }
            return worst;
        }
    }

    /** {@code size} molecules drawn without replacement, energies normalised by their mean and spread. */
    public static Batch of(List<Molecule> molecules, String target, int size, long seed) {
        int n = Math.min(size, molecules.size());
        int[] order = IntStream.range(0, molecules.size()).toArray();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double[] energies = new double[n];
        for (int i = 0; i < n; i++) {
            energies[i] = molecules.get(order[i]).target(target);
        }
        double mean = Arrays.stream(energies).average().orElse(0);
        double spread = Math.sqrt(Arrays.stream(energies).map(e -> (e - mean) * (e - mean)).sum() / n);
        List<Graph> graphs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Molecule m = molecules.get(order[i]);
            double normalised = spread > 0 ? (energies[i] - mean) / spread : 0;
            graphs.add(MolecularGraphs.radiusGraph(m.withTargets(Map.of("y", normalised)), AtomTypes.QM7,
                    MolecularGraphs.DEFAULT_CUTOFF, "y", DataType.FLOAT));
        }
        return new Batch("QM7", GraphBatch.of(graphs));
    }

    /** Random molecules of 8 to 20 QM7 atoms in a 2.5 Å ball with random targets, for runs without the data. */
    public static Batch random(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] elements = {1, 6, 7, 8, 16};
        List<Molecule> molecules = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            int atoms = 8 + random.nextInt(13);
            int[] z = new int[atoms];
            double[][] p = new double[atoms][3];
            for (int i = 0; i < atoms; i++) {
                z[i] = elements[random.nextInt(elements.length)];
                for (int c = 0; c < 3; c++) {
                    p[i][c] = random.nextDouble(-2.5, 2.5);
                }
            }
            molecules.add(new Molecule("random " + k, z, p, null, null, null, Map.of("y", random.nextGaussian())));
        }
        Batch b = of(molecules, "y", size, seed);
        return new Batch("random", b.graphs());
    }

    private final Batch batch;
    private final long seed;

    public SchNetBench(Batch batch, long seed) {
        this.batch = batch;
        this.seed = seed;
    }

    public Result run(int steps, int warmup, Path workDir, boolean withPeer) throws IOException, InterruptedException {
        GraphBatch graphs = batch.graphs();
        Graph graph = graphs.graph();
        SchNet.Config config = SchNet.Config.defaults(AtomTypes.QM7.count());
        SchNet model = new SchNet(config, seed, DataType.FLOAT);
        INDArray target = graphs.graphTargets().reshape(graphs.size(), 1);
        Path file = workDir.resolve("schnet-bench.safetensors");
        if (withPeer) {
            Map<String, INDArray> tensors = new LinkedHashMap<>(model.stateDict());
            tensors.put("types", graph.nodeFeatures().castTo(DataType.INT).reshape(graph.numNodes()));
            tensors.put("positions", graph.positions());
            tensors.put("senders", Nd4j.createFromArray(graph.senders()));
            tensors.put("receivers", Nd4j.createFromArray(graph.receivers()));
            tensors.put("graph_of_node", Nd4j.createFromArray(graphs.nodeToGraph()));
            tensors.put("target", target);
            GaussianRbf rbf = new GaussianRbf(0, config.cutoff(), config.gaussians());
            tensors.put("meta.cutoff", Nd4j.createFromArray(new double[] {config.cutoff()}));
            tensors.put("meta.gaussians", Nd4j.createFromArray(new double[] {(double) config.gaussians()}));
            tensors.put("meta.gamma", Nd4j.createFromArray(new double[] {rbf.gamma()}));
            tensors.put("meta.interactions", Nd4j.createFromArray(new double[] {(double) config.interactions()}));
            tensors.put("meta.lr", Nd4j.createFromArray(new double[] {LEARNING_RATE}));
            ModelFile.write(file, tensors, new JsonObject());
        }

        double[] energies;
        try (var noGrad = GradMode.noGrad(); var ignored = Workspace.step()) {
            energies = model.energy(graphs).data().castTo(DataType.DOUBLE).toDoubleVector();
        }
        double[] predictTimes = new double[steps];
        long predictCpu = 0;
        for (int step = 0; step < warmup + steps; step++) {
            long start = System.nanoTime();
            long cpu = cpuNanos();
            try (var noGrad = GradMode.noGrad(); var ignored = Workspace.step()) {
                model.energy(graphs).data().getDouble(0);
            }
            if (step >= warmup) {
                predictTimes[step - warmup] = (System.nanoTime() - start) / 1e6;
                predictCpu += cpuNanos() - cpu;
            }
        }

        double[] losses = new double[warmup + steps];
        double[] times = new double[steps];
        long trainCpu = 0;
        Adam adam = new Adam(model.parameters(), LEARNING_RATE);
        Tensor y = Tensor.constant(target);
        for (int step = 0; step < warmup + steps; step++) {
            long start = System.nanoTime();
            long cpu = cpuNanos();
            try (var ignored = Workspace.step()) {
                Tensor loss = Losses.l1(model.energy(graphs), y);
                loss.backward();
                adam.step();
                model.zeroGrad();
                losses[step] = loss.item();
            }
            if (step >= warmup) {
                times[step - warmup] = (System.nanoTime() - start) / 1e6;
                trainCpu += cpuNanos() - cpu;
            }
        }
        Cpu ourCpu = new Cpu(trainCpu / 1e6 / steps, predictCpu / 1e6 / steps);
        double trainMs = GcnBench.median(times);
        double predictMs = GcnBench.median(predictTimes);
        int threads = Concurrency.level();
        if (!withPeer) {
            return new Result(threads, graphs.size(), trainMs, predictMs, ourCpu, losses, energies, null, null, null,
                    new double[0], new double[0], "peer not run", "");
        }
        var peer = PythonPeer.find();
        if (peer.isEmpty()) {
            return new Result(threads, graphs.size(), trainMs, predictMs, ourCpu, losses, energies, null, null, null,
                    new double[0], new double[0], "no python3 with torch found (apt-get install python3-torch "
                    + "libopenblas0-pthread)", "");
        }
        String line = peer.get().run("schnet_pytorch.py", workDir, List.of(file.toString(), "--threads",
                Integer.toString(threads), "--steps", Integer.toString(steps), "--warmup", Integer.toString(warmup)),
                new PythonPeer.ThreadSetting(threads, threads));
        JsonObject json = JsonParser.parseString(line).getAsJsonObject();
        return new Result(threads, graphs.size(), trainMs, predictMs, ourCpu, losses, energies,
                json.get("ms").getAsDouble(), json.get("predict_ms").getAsDouble(),
                new Cpu(json.get("cpu_ms").getAsDouble(), json.get("predict_cpu_ms").getAsDouble()),
                doubles(json, "losses"), doubles(json, "initial_energies"),
                "torch " + json.get("torch").getAsString() + " with " + json.get("threads").getAsInt() + " threads",
                json.get("blas").getAsString());
    }

    /** CPU time of this whole process (all its threads: ND4J's, the JIT's, the collector's). */
    static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : System.nanoTime();
    }

    private static double[] doubles(JsonObject json, String key) {
        List<Double> values = new ArrayList<>();
        json.getAsJsonArray(key).forEach(v -> values.add(v.getAsDouble()));
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
