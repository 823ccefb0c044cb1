package org.erlangen.gnn.kg;

import com.google.gson.JsonObject;
import java.util.Random;
import org.erlangen.io.ConfigJson;
import org.erlangen.nn.Dropout;
import org.erlangen.nn.Init;
import org.erlangen.nn.Module;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Ops;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DistMult (Yang et al. 2015): an embedding per entity and per relation, and the score of a triple
 * {@code (s, r, o)} is {@code sum_k e_s[k] w_r[k] e_o[k]}. It scores a query {@code (s, r, ?)} against every entity at
 * once ("1-N" scoring, Dettmers et al. 2018), and because the score is symmetric in s and o, a query for a head
 * {@code (?, r, o)} is the query {@code (o, r, ?)}.
 */
public final class DistMult extends Module {
    /** The sizes, kept in the model file. */
    public record Config(int entities, int relations, int dimension) {
        public Config {
            if (entities < 1 || relations < 1 || dimension < 1) {
                throw new IllegalArgumentException("DistMult needs entities, relations and a dimension >= 1, got "
                        + entities + ", " + relations + ", " + dimension);
            }
        }

        public JsonObject toJson() {
            return ConfigJson.create().put("model", "distmult").put("entities", entities).put("relations", relations)
                    .put("dimension", dimension).json();
        }

        public static Config fromJson(JsonObject json) {
            var f = ConfigJson.of(json, "DistMult config");
            return new Config(f.getInt("entities"), f.getInt("relations"), f.getInt("dimension"));
        }
    }

    private final Config config;
    private final Tensor entity;
    private final Tensor relation;
    private final double dropout;
    private final Random random;

    /** @param dropout on the query's embeddings while training */
    public DistMult(Config config, double dropout, long seed, DataType dtype) {
        this.config = config;
        this.dropout = dropout;
        this.random = new Random(seed);
        double bound = Math.sqrt(6.0 / (config.entities() + config.dimension()));
        entity = parameter("entity", Init.uniform(bound, random, dtype, config.entities(), config.dimension()));
        relation = parameter("relation", Init.uniform(Math.sqrt(6.0 / (config.relations() + config.dimension())),
                random, dtype, config.relations(), config.dimension()));
    }

    public Config config() {
        return config;
    }

    /** Scores [queries, entities] of every entity as the answer to each query (subject, relation, ?). */
    public Tensor scores(int[] subjects, int[] relations) {
        return scores(entity, subjects, relations);
    }

    /** The entity embeddings, [entities, dimension]: the table {@link #scores} decodes when no encoder replaces it. */
    public Tensor entities() {
        return entity;
    }

    /**
     * The same scores over another table of entity vectors [entities, dimension], such as an R-GCN encoder's output
     * (DistMult as the decoder of Schlichtkrull et al. 2018).
     */
    public Tensor scores(Tensor table, int[] subjects, int[] relations) {
        Tensor query = Ops.mul(Sparse.indexSelect(table, subjects), Sparse.indexSelect(relation, relations));
        query = Dropout.apply(query, dropout, isTraining(), random);
        return Ops.matmulTransposed(query, table);
    }
}
