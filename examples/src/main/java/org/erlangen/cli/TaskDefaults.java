package org.erlangen.cli;

/**
 * What {@code train} uses for the options a user leaves out, per task. Node tasks and link prediction keep Kipf and
 * Welling's GCN. Graph classification has one recipe for every TU set in the shared data: Xu et al.'s GIN (batch norm,
 * a linear head on every layer's readout, the learning rate halved every 50 epochs, no dropout), with ties in the
 * validation accuracy broken by the validation loss, which small validation folds need (MUTAG's hold 17 graphs).
 * Graph regression keeps the settings it always had. Entities of an RDF graph get R-GCN's AIFB settings.
 *
 * @param patience epochs without a better validation metric before stopping; 0 never stops early
 * @param weightDecay L2 added to the gradient
 * @param lrStep epochs between halvings of the learning rate; 0 keeps it constant
 * @param tieBreak whether equal validation metrics go to the epoch with the lower validation loss
 */
record TaskDefaults(String model, int epochs, int hidden, int layers, int batchSize, int patience, double weightDecay,
        double dropout, String norm, String head, int lrStep, boolean tieBreak) {
    static final TaskDefaults NODE = new TaskDefaults("gcn", 200, 16, 2, 512, 100, 5e-4, 0.5, "none", "mlp", 0,
            false);
    static final TaskDefaults GRAPH_CLASSIFICATION = new TaskDefaults("gin", 200, 64, 4, 32, 0, 0, 0, "batch", "jk",
            50, true);
    /** R-GCN's settings for RDF entities (AIFB): no dropout, no weight decay, 50 epochs. */
    static final TaskDefaults ENTITY = new TaskDefaults("rgcn", 50, 16, 2, 512, 0, 0, 0, "none", "mlp", 0, false);
    /** DistMult on triples: 128 dimensions ({@code --hidden}), 1024 queries per batch, dropout 0.2, 15 epochs. */
    static final TaskDefaults KNOWLEDGE_GRAPH = new TaskDefaults("distmult", 15, 128, 1, 1024, 0, 0, 0.2, "none",
            "mlp", 0, false);
    static final TaskDefaults OTHER = new TaskDefaults("gcn", 200, 16, 2, 64, 100, 0, 0.5, "none", "mlp", 0, false);

    static TaskDefaults of(String task) {
        return switch (task) {
            case "nodeClassification" -> NODE;
            case "graphClassification" -> GRAPH_CLASSIFICATION;
            case "entityClassification" -> ENTITY;
            case "knowledgeGraph" -> KNOWLEDGE_GRAPH;
            default -> OTHER;
        };
    }
}
