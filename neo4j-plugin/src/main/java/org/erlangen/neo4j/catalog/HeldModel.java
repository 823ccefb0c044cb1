package org.erlangen.neo4j.catalog;

import org.erlangen.neo4j.model.ModelSummary;
import org.erlangen.neo4j.model.TrainedModel;

/**
 * A model in the catalog's memory with the calls using it. When it leaves the catalog (dropped, or replaced by a
 * load) it is retired, and its arrays are freed as soon as no call uses it: at once, or when the last one ends.
 */
final class HeldModel {
    private final TrainedModel model;
    /** Taken while the arrays are alive, so a listing that races a drop never reads freed arrays. */
    private final ModelSummary summary;
    private int users;
    private boolean retired;

    HeldModel(TrainedModel model) {
        this.model = model;
        this.summary = model.summary();
    }

    TrainedModel model() {
        return model;
    }

    ModelSummary summary() {
        return summary;
    }

    /** Counts one more call using the model; false once it is retired. */
    synchronized boolean acquire() {
        if (retired) {
            return false;
        }
        users++;
        return true;
    }

    synchronized void release() {
        users--;
        if (retired && users == 0) {
            model.release();
        }
    }

    /** The model has left the catalog: frees it now, or when the last call using it ends. */
    synchronized void retire() {
        if (!retired) {
            retired = true;
            if (users == 0) {
                model.release();
            }
        }
    }
}
