package org.erlangen.gnn.kg;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.erlangen.gnn.conv.RGCNConv;
import org.erlangen.graph.RelationalGraph;
import org.erlangen.graph.Shuffle;
import org.erlangen.io.ModelFile;
import org.erlangen.io.TriplesReader;
import org.erlangen.nn.Module;
import org.erlangen.tensor.GradMode;
import org.erlangen.tensor.Tensor;
import org.erlangen.tensor.Workspace;
import org.erlangen.train.Losses;
import org.erlangen.train.Objective;
import org.erlangen.train.Trainer;
import org.erlangen.train.TrainingListener;
import org.erlangen.train.TrainingSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Knowledge-graph completion with {@link DistMult}, trained by the {@link Trainer} on "1-vs-all" queries: every
 * training triple gives the queries (h, r, ?) with answer t and (?, r, t) with answer h, each scored against all
 * entities under a softmax cross-entropy (with label smoothing), the training that makes DistMult strong on FB15k-237
 * (Ruffinelli et al. 2020). Validation is the filtered mean reciprocal rank on the validation triples
 * ({@code val_mrr}), which picks the epoch kept.
 */
public final class KnowledgeGraphCompletion {
    private int dimension = 128;
    private double dropout = 0.2;
    private double labelSmoothing = 0.1;
    private int batchSize = 1024;
    private TrainingSettings training = defaults();
    private long seed;
    private int encoderLayers;
    private int blocks = 8;
    private int bases;
    private DistMult model;
    private RelationalEncoder encoder;
    private Module trained;
    private FilteredRanking ranking;

    /** 15 epochs of Adam at 0.01, no weight decay (the dropout and the smoothing regularise). */
    public static TrainingSettings defaults() {
        return TrainingSettings.builder().epochs(15).learningRate(0.01).build();
    }

    /** Embedding size, 128 by default. */
    public KnowledgeGraphCompletion dimension(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("the embedding size must be >= 1, got " + d);
        }
        dimension = d;
        return this;
    }

    /** Dropout on the query embeddings, 0.2 by default. */
    public KnowledgeGraphCompletion dropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + p);
        }
        dropout = p;
        return this;
    }

    /** Label smoothing of the 1-vs-all cross-entropy, 0.1 by default. */
    public KnowledgeGraphCompletion labelSmoothing(double s) {
        if (!(s >= 0 && s < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + s);
        }
        labelSmoothing = s;
        return this;
    }

    /**
     * R-GCN encoder layers before the DistMult decoder ({@link RelationalEncoder}, with {@code blocks} blocks per
     * relation weight); 0 (the default) decodes the embeddings directly.
     */
    public KnowledgeGraphCompletion encoder(int layers, int blocks) {
        if (layers < 0 || blocks < 1) {
            throw new IllegalArgumentException("encoder layers must be >= 0 and blocks >= 1, got " + layers + " and "
                    + blocks);
        }
        encoderLayers = layers;
        this.blocks = blocks;
        return this;
    }

    /**
     * Relation weights of the encoder as sums of {@code count} shared bases instead of blocks (0, the default: blocks),
     * which the layers aggregate before they transform, so memory does not grow with edges times dimension.
     */
    public KnowledgeGraphCompletion encoderBases(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("bases must be >= 0, got " + count);
        }
        bases = count;
        return this;
    }

    public KnowledgeGraphCompletion batchSize(int queries) {
        if (queries < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + queries);
        }
        batchSize = queries;
        return this;
    }

    public KnowledgeGraphCompletion training(TrainingSettings settings) {
        training = settings;
        return this;
    }

    public KnowledgeGraphCompletion seed(long s) {
        seed = s;
        return this;
    }

    public DistMult model() {
        return model;
    }

    /** Trains on the graph's training triples, validating on its validation triples. */
    public Trainer.Result fit(TriplesReader.KnowledgeGraph kg, TrainingListener listener) {
        model = new DistMult(new DistMult.Config(kg.entityCount(), kg.relationCount(), dimension), dropout, seed,
                DataType.FLOAT);
        encoder = null;
        trained = model;
        if (encoderLayers > 0) {
            if (bases == 0 && dimension % blocks != 0) {
                throw new IllegalArgumentException(blocks + " blocks must divide the dimension " + dimension);
            }
            int[][] triples = kg.train();
            RelationalGraph graph = RelationalGraph.of(kg.entityCount(), kg.relationCount(),
                    Arrays.stream(triples).mapToInt(t -> t[0]).toArray(), Arrays.stream(triples).mapToInt(t -> t[2])
                            .toArray(), Arrays.stream(triples).mapToInt(t -> t[1]).toArray()).withInverses();
            encoder = bases > 0
                    ? new RelationalEncoder(graph, dimension, encoderLayers, RGCNConv.Decomposition.BASIS, bases,
                            seed + 1, DataType.FLOAT)
                    : new RelationalEncoder(graph, dimension, encoderLayers, blocks, seed + 1, DataType.FLOAT);
            trained = new EncoderDecoder(encoder, model);
        }
        ranking = new FilteredRanking(kg.relationCount(), kg.train(), kg.valid(), kg.test());
        int[][] train = kg.train();
        // query q < n is (h, r, ?) -> t; query n + q is (t, r, ?) -> h, the same score for DistMult
        int queries = 2 * train.length;
        int steps = (queries + batchSize - 1) / batchSize;
        Objective<int[]> task = new Objective<>() {
            @Override
            public Module module() {
                return trained;
            }

            @Override
            public int batchesPerEpoch() {
                return steps;
            }

            @Override
            public Iterable<int[]> batches(int epoch) {
                int[] order = new int[queries];
                for (int i = 0; i < queries; i++) {
                    order[i] = i;
                }
                Shuffle.inPlace(order, new SplittableRandom(seed * 1_000_003L + epoch));
                List<int[]> out = new ArrayList<>(steps);
                for (int from = 0; from < queries; from += batchSize) {
                    out.add(Arrays.copyOfRange(order, from, Math.min(queries, from + batchSize)));
                }
                return out;
            }

            @Override
            public Tensor loss(int[] batch) {
                int[] subjects = new int[batch.length];
                int[] relations = new int[batch.length];
                int[] answers = new int[batch.length];
                for (int i = 0; i < batch.length; i++) {
                    int q = batch[i];
                    int[] t = train[q % train.length];
                    boolean tail = q < train.length;
                    subjects[i] = tail ? t[0] : t[2];
                    relations[i] = t[1];
                    answers[i] = tail ? t[2] : t[0];
                }
                return Losses.crossEntropy(model.scores(table(), subjects, relations), answers, labelSmoothing);
            }

            @Override
            public int weight(int[] batch) {
                return batch.length;
            }

            @Override
            public Map<String, Double> validate() {
                return Map.of("val_mrr", evaluate(kg.valid()).mrr());
            }

            @Override
            public Monitor monitor() {
                return new Monitor("val_mrr", true);
            }
        };
        return new Trainer(training).listener(listener).fit(task);
    }

    /** The entity vectors the decoder scores: the embeddings, or their encoding. */
    private Tensor table() {
        return encoder == null ? model.entities() : encoder.forward(model.entities());
    }

    /** The encoder and the decoder as one module, so the trainer sees both. */
    private static final class EncoderDecoder extends Module {
        EncoderDecoder(RelationalEncoder encoder, DistMult decoder) {
            child("encoder", encoder);
            child("decoder", decoder);
        }
    }

    /** Filtered MRR and Hits@k of triples (both directions), every known triple of the graph filtered. */
    public FilteredRanking.Result evaluate(int[][] triples) {
        if (model == null) {
            throw new IllegalStateException("fit the model before evaluating");
        }
        trained.eval();
        INDArray encoded = null;
        if (encoder != null) {
            try (var noGrad = GradMode.noGrad(); var step = Workspace.step()) {
                encoded = Workspace.keep(encoder.forward(model.entities()).data());
            }
        }
        INDArray table = encoded;
        try {
            return ranking.evaluate(triples, (part, tail) -> {
                int[] subjects = new int[part.length];
                int[] relations = new int[part.length];
                for (int i = 0; i < part.length; i++) {
                    subjects[i] = tail ? part[i][0] : part[i][2];
                    relations[i] = part[i][1];
                }
                try (var noGrad = GradMode.noGrad(); var step = Workspace.step()) {
                    Tensor scores = table == null ? model.scores(subjects, relations)
                            : model.scores(Tensor.constant(table), subjects, relations);
                    return Workspace.keep(scores.data());
                }
            }, 1024);
        } finally {
            if (table != null) {
                table.close();
            }
        }
    }

    /** Writes the model with its config (safetensors). */
    public void save(Path file) throws IOException {
        if (model == null) {
            throw new IllegalStateException("fit the model before saving");
        }
        JsonObject config = model.config().toJson();
        config.addProperty("encoderLayers", encoderLayers);
        config.addProperty("blocks", blocks);
        ModelFile.save(file, trained, config);
    }
}
