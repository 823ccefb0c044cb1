package org.erlangen.testing;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.erlangen.tensor.GradMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one symmetry check of every layer's test (after e3nn's {@code assert_equivariant}): draw a random element
 * {@code g} of a {@link Group}, run the layer on {@code x} and on {@code g.x}, and compare {@code f(g.x)} with
 * {@code g.f(x)} ({@link #assertEquivariant}) or with {@code f(x)} ({@link #assertInvariant}), entry by entry, within
 * a {@link Tolerance}. Layers run without recording gradients.
 *
 * <p><b>A new layer's test</b> names the group of its symmetry and builds the layer and its input for a data type;
 * the check runs it in float64 and float32 with the exact tolerances:
 * <pre>{@code
 * Equivariance.assertEquivariant(GraphPermutations.renumberNodes(Rows.NODES), dtype -> {
 *     GCNConv conv = new GCNConv(5, 4, true, new Random(6), dtype);
 *     Graph g = ...; // built in dtype
 *     return Case.of(g, h -> conv.forward(h, Tensor.constant(h.nodeFeatures())));
 * });
 * }</pre>
 * Graph-level outputs use {@link #assertInvariant} with the same group. A layer that exists in one data type only,
 * or that is equivariant only approximately, builds one {@link Case} and states its tolerance:
 * {@code assertEquivariant(group, case, new Tolerance(1e-6))}; {@link #compare} gives both sides for a test that
 * measures the error its own way (an error that shrinks as sampling grows).
 *
 * <p><b>Groups.</b> The kit provides {@link GraphPermutations} (renumbered nodes with shuffled edges, or shuffled
 * edges alone), {@link BatchPermutations} (graphs of a batch reordered, nodes reordered within each graph),
 * {@link SetPermutations} (elements reordered within their sets) and {@link Euclidean} (rotations, reflections and
 * translations of node positions); {@link Rows} says whether an output's rows follow nodes, edges or graphs. A module
 * adds its own symmetry by implementing {@link Group} and {@link Group.Element}: the gauge module's gauge changes
 * turn features by the representation its layers declare; grids (C4, D4) and spheres (SO(3)) come the same way.
 * {@link Group#then} checks two symmetries at once.
 */
public final class Equivariance {
    private static final List<DataType> DTYPES = List.of(DataType.DOUBLE, DataType.FLOAT);

    private Equivariance() {
    }

    /** {@code f(g.x) = g.f(x)} in float64 and float32, each within the exact tolerance of its type. */
    public static <X> void assertEquivariant(Group<X> group, Function<DataType, Case<X>> setup) {
        for (DataType dtype : DTYPES) {
            assertEquivariant(group, setup.apply(dtype), Tolerance.exact(dtype));
        }
    }

    /** {@code f(g.x) = f(x)} in float64 and float32, each within the exact tolerance of its type. */
    public static <X> void assertInvariant(Group<X> group, Function<DataType, Case<X>> setup) {
        for (DataType dtype : DTYPES) {
            assertInvariant(group, setup.apply(dtype), Tolerance.exact(dtype));
        }
    }

    /** {@code f(g.x) = g.f(x)} for one case, within the exact tolerance of the data type of its output. */
    public static <X> void assertEquivariant(Group<X> group, Case<X> c) {
        Comparison comparison = compare(group, c);
        comparison.assertWithin(Tolerance.exact(comparison.actual().dataType()));
    }

    /** {@code f(g.x) = f(x)} for one case, within the exact tolerance of the data type of its output. */
    public static <X> void assertInvariant(Group<X> group, Case<X> c) {
        Comparison comparison = compareInvariant(group, c);
        comparison.assertWithin(Tolerance.exact(comparison.actual().dataType()));
    }

    /** {@code f(g.x) = g.f(x)} for one case within a stated tolerance. */
    public static <X> void assertEquivariant(Group<X> group, Case<X> c, Tolerance tolerance) {
        compare(group, c).assertWithin(tolerance);
    }

    /** {@code f(g.x) = f(x)} for one case within a stated tolerance. */
    public static <X> void assertInvariant(Group<X> group, Case<X> c, Tolerance tolerance) {
        compareInvariant(group, c).assertWithin(tolerance);
    }

    /** Both sides of the equivariance check: {@code f(g.x)} and {@code g.f(x)}. */
    public static <X> Comparison compare(Group<X> group, Case<X> c) {
        return run(group, c, true);
    }

    /** Both sides of the invariance check: {@code f(g.x)} and {@code f(x)}. */
    public static <X> Comparison compareInvariant(Group<X> group, Case<X> c) {
        return run(group, c, false);
    }

    private static <X> Comparison run(Group<X> group, Case<X> c, boolean equivariant) {
        Group.Element<X> g = group.draw(c.input(), new Random(c.seed()));
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            INDArray y = c.layer().apply(c.input()).dup();
            INDArray actual = c.layer().apply(g.onInput(c.input())).dup();
            INDArray expected = equivariant ? g.onOutput(y) : y;
            return new Comparison(equivariant ? "equivariant" : "invariant", group.name(), g.describe(), c.seed(),
                    c.label(), expected, actual);
        }
    }
}
