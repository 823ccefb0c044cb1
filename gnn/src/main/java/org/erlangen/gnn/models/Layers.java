package org.erlangen.gnn.models;

import java.util.Map;
import java.util.TreeMap;
import org.erlangen.gnn.conv.GCNConv;
import org.erlangen.graph.Graph;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Tensor;

/** The graph layers a model can be built from, by name. */
public final class Layers {
    private static final Map<String, LayerFactory> FACTORIES = new TreeMap<>();
    private static final java.util.Set<String> NEEDS_SELF_LOOPS = new java.util.TreeSet<>();

    static {
        register("gcn", (in, out, config, random, dtype) -> {
            GCNConv conv = new GCNConv(in, out, true, random, dtype);
            return wrap(conv, conv::forward);
        });
        NEEDS_SELF_LOOPS.add("gcn");
    }

    /** Whether the layer expects every node to carry a self loop (GCN's A + I); callers add them once per graph. */
    public static synchronized boolean needsSelfLoops(String name) {
        return NEEDS_SELF_LOOPS.contains(name);
    }

    /** Adds a layer that expects self loops in its input graphs. */
    public static synchronized void registerWithSelfLoops(String name, LayerFactory factory) {
        register(name, factory);
        NEEDS_SELF_LOOPS.add(name);
    }

    private Layers() {
    }

    /** Adds a layer under {@code name}. */
    public static synchronized void register(String name, LayerFactory factory) {
        FACTORIES.put(name, factory);
    }

    public static synchronized LayerFactory factory(String name) {
        LayerFactory f = FACTORIES.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown layer '" + name + "'; known layers: "
                    + String.join(", ", FACTORIES.keySet()));
        }
        return f;
    }

    public static synchronized java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(FACTORIES.keySet()));
    }

    /** A graph layer from a module and its forward function. */
    public static GraphLayer wrap(Module module, java.util.function.BiFunction<Graph, Tensor, Tensor> forward) {
        return new GraphLayer() {
            @Override
            public Tensor forward(Graph graph, Tensor x) {
                return forward.apply(graph, x);
            }

            @Override
            public Module module() {
                return module;
            }
        };
    }
}
