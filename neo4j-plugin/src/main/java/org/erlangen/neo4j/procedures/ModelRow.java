package org.erlangen.neo4j.procedures;

import java.util.List;
import java.util.Map;
import org.erlangen.neo4j.catalog.ModelCatalog;
import org.erlangen.neo4j.model.ModelSummary;

/** A model in the catalog, as {@code erlangen.model.list}, {@code drop}, {@code store} and {@code load} yield it. */
public final class ModelRow {
    public String modelName;
    public String task;
    public String model;
    public boolean loaded;
    public boolean stored;
    public List<String> featureProperties;
    public String targetProperty;
    public List<Object> classes;
    public Long parameters;
    public Map<String, Object> config;
    public Map<String, Object> metrics;
    /** Why a stored model cannot be read; null when it can. */
    public String error;

    static ModelRow of(ModelCatalog.Entry entry) {
        ModelRow row = new ModelRow();
        row.modelName = entry.name();
        row.loaded = entry.loaded();
        row.stored = entry.stored();
        ModelSummary m = entry.summary();
        if (m == null) {
            row.error = "the stored file cannot be read; erlangen.model.load('" + entry.name() + "') says why";
            return row;
        }
        var c = m.config();
        row.task = m.spec().task().configName();
        row.model = c.layer();
        row.featureProperties = m.spec().graph().featureProperties();
        row.targetProperty = m.spec().targetProperty();
        row.classes = m.spec().classes();
        row.parameters = m.parameters();
        row.config = Map.of("hidden", (long) c.hidden(), "layers", (long) c.layers(), "heads", (long) c.heads(),
                "dropout", c.dropout(), "readout", c.readout(), "norm", c.norm(), "inputWidth", (long) c.in(),
                "outputs", (long) c.out(), "orientation", m.spec().graph().orientation().name());
        row.metrics = m.metrics();
        return row;
    }
}
