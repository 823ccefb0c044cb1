package org.erlangen.neo4j.procedures;

import java.util.List;
import org.erlangen.neo4j.config.GraphSpec;
import org.erlangen.neo4j.model.TrainedModel;
import org.erlangen.neo4j.read.NodeNames;
import org.neo4j.graphdb.Node;
import org.neo4j.procedure.TerminationGuard;

/**
 * Where {@code erlangen.predict.write} may write. Never onto what the model reads or learnt from: its feature
 * properties, its target property, or the property that groups nodes into graphs (a prediction written there would
 * replace ground truth or change what the next call reads). Onto a property the selected nodes already hold only when
 * the call says {@code overwrite: true}, so that a mistyped {@code writeProperty} cannot replace someone's data, while
 * re-running a prediction stays one explicit key away.
 */
final class WriteGuard {
    private static final int CHECK_EVERY = 4096;

    private WriteGuard() {
    }

    /** Refuses a write onto the model's inputs, its target, or the selection's graph id property. */
    static void refuseProtected(String procedure, String property, TrainedModel model, GraphSpec selection) {
        String what = null;
        if (model.spec().graph().featureProperties().contains(property)) {
            what = "one of its feature properties " + model.spec().graph().featureProperties();
        } else if (property.equals(model.spec().targetProperty())) {
            what = "its target property";
        } else if (property.equals(model.spec().graph().graphIdProperty())
                || property.equals(selection.graphIdProperty())) {
            what = "the graphIdProperty that groups the nodes into graphs";
        }
        if (what != null) {
            throw new IllegalArgumentException(procedure + ": writeProperty '" + property + "' is " + what
                    + " of model '" + model.name() + "'; predictions may not replace what the model reads or learnt "
                    + "from, choose another writeProperty");
        }
    }

    /** Refuses a write onto a property any of {@code nodes} holds already, naming how many and one of them. */
    static void refuseExisting(String procedure, String property, List<Node> nodes, TerminationGuard guard) {
        int holding = 0;
        Node example = null;
        for (int i = 0; i < nodes.size(); i++) {
            if (i % CHECK_EVERY == 0) {
                guard.check();
            }
            if (nodes.get(i).hasProperty(property)) {
                holding++;
                example = example == null ? nodes.get(i) : example;
            }
        }
        if (holding > 0) {
            throw new IllegalArgumentException(procedure + ": writeProperty '" + property + "' already holds values "
                    + "on " + holding + " of " + nodes.size() + " selected nodes, e.g. node " + NodeNames.of(example)
                    + "; pass overwrite: true to replace them");
        }
    }
}
