package org.erlangen.gauge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The type of a feature vector at a vertex: a stack of irreducible representations of SO(2), written like
 * {@code "16x0+16x1+16x2"}. Order 0 is one real channel that a change of gauge leaves alone; order n >= 1 is two
 * channels (cos, sin) that turn by {@code n * angle}: {@code rho_n(a) = [[cos na, -sin na], [sin na, cos na]]}.
 *
 * <p>Layout: the entries lie one after another in the order written; within an entry {@code m x n} with n >= 1,
 * channel c occupies columns {@code offset + 2c} (cos) and {@code offset + 2c + 1} (sin). A feature matrix holds
 * one row per vertex, {@link #dim()} columns.
 *
 * <p>Immutable; equal when the entries (in order) are equal.
 */
public final class Irreps {
    /** One entry: {@code multiplicity} copies of the irrep of the given order. */
    public record Irrep(int multiplicity, int order) {
        public Irrep {
            if (multiplicity < 1) {
                throw new IllegalArgumentException("an irreps entry needs multiplicity >= 1, got " + multiplicity);
            }
            if (order < 0) {
                throw new IllegalArgumentException("an SO(2) irrep has order >= 0, got " + order);
            }
        }

        /** Columns of one copy: 1 for order 0, 2 otherwise. */
        public int width() {
            return order == 0 ? 1 : 2;
        }

        public int dim() {
            return multiplicity * width();
        }

        @Override
        public String toString() {
            return multiplicity + "x" + order;
        }
    }

    /** The columns {@code [offset, offset + length)} of one entry. */
    public record Slice(int offset, int length, Irrep irrep) {
    }

    private final List<Irrep> entries;
    private final List<Slice> slices;
    private final int dim;
    private final int maxOrder;
    /** For each 2-column block: its cos column and its order. */
    private final int[] pairColumns;
    private final int[] pairOrders;

    private Irreps(List<Irrep> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("irreps need at least one entry");
        }
        this.entries = List.copyOf(entries);
        List<Slice> s = new ArrayList<>();
        int offset = 0;
        int max = 0;
        int pairs = 0;
        for (Irrep irrep : entries) {
            s.add(new Slice(offset, irrep.dim(), irrep));
            offset += irrep.dim();
            max = Math.max(max, irrep.order());
            pairs += irrep.order() == 0 ? 0 : irrep.multiplicity();
        }
        this.slices = Collections.unmodifiableList(s);
        this.dim = offset;
        this.maxOrder = max;
        pairColumns = new int[pairs];
        pairOrders = new int[pairs];
        int k = 0;
        for (Slice slice : slices) {
            if (slice.irrep().order() > 0) {
                for (int c = 0; c < slice.irrep().multiplicity(); c++, k++) {
                    pairColumns[k] = slice.offset() + 2 * c;
                    pairOrders[k] = slice.irrep().order();
                }
            }
        }
    }

    /**
     * Parses {@code "16x0+8x1+2"}: entries joined by '+', each {@code MxN} (multiplicity M, order N) or just
     * {@code N} (multiplicity 1); spaces are ignored.
     *
     * @throws IllegalArgumentException naming the entry that does not parse
     */
    public static Irreps parse(String text) {
        String compact = text.replaceAll("\\s+", "");
        if (compact.isEmpty()) {
            throw new IllegalArgumentException("empty irreps string; expected something like \"16x0+16x1\"");
        }
        List<Irrep> entries = new ArrayList<>();
        String[] terms = compact.split("\\+", -1);
        for (int i = 0; i < terms.length; i++) {
            String term = terms[i];
            if (!term.matches("(\\d+x)?\\d+")) {
                throw new IllegalArgumentException("irreps \"" + text + "\": entry " + (i + 1) + " '" + term
                        + "' is not MxN (multiplicity x order) or N");
            }
            int x = term.indexOf('x');
            try {
                int multiplicity = x < 0 ? 1 : Integer.parseInt(term.substring(0, x));
                int order = Integer.parseInt(term.substring(x + 1));
                entries.add(new Irrep(multiplicity, order));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("irreps \"" + text + "\": entry '" + term + "' has a number too "
                        + "large", e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("irreps \"" + text + "\": entry '" + term + "': "
                        + e.getMessage(), e);
            }
        }
        return new Irreps(entries);
    }

    public static Irreps of(List<Irrep> entries) {
        return new Irreps(entries);
    }

    /** {@code count x 0}: invariant scalars only. */
    public static Irreps scalars(int count) {
        return new Irreps(List.of(new Irrep(count, 0)));
    }

    /**
     * {@code Cx0+Cx1+...+CxM}: C copies of every order up to M, the type on which {@link RegularNonlinearity}
     * acts (each copy is the Fourier series of a function on the circle, band-limited to M).
     */
    public static Irreps regular(int multiplicity, int maxOrder) {
        if (maxOrder < 0) {
            throw new IllegalArgumentException("max order must be >= 0, got " + maxOrder);
        }
        List<Irrep> entries = new ArrayList<>();
        for (int n = 0; n <= maxOrder; n++) {
            entries.add(new Irrep(multiplicity, n));
        }
        return new Irreps(entries);
    }

    public List<Irrep> entries() {
        return entries;
    }

    public List<Slice> slices() {
        return slices;
    }

    public Slice slice(int entry) {
        return slices.get(entry);
    }

    /** Number of columns. */
    public int dim() {
        return dim;
    }

    /** The highest order present. */
    public int maxOrder() {
        return maxOrder;
    }

    /** Copies of the given order over all entries. */
    public int multiplicity(int order) {
        int m = 0;
        for (Irrep irrep : entries) {
            m += irrep.order() == order ? irrep.multiplicity() : 0;
        }
        return m;
    }

    /**
     * The columns of copy {@code c} of the given order, counting copies over the entries of that order in the
     * order written: one column for order 0, the cos column for order n >= 1 (sin is the next one).
     */
    public int column(int order, int copy) {
        int seen = 0;
        for (Slice s : slices) {
            if (s.irrep().order() == order) {
                if (copy < seen + s.irrep().multiplicity()) {
                    return s.offset() + (copy - seen) * s.irrep().width();
                }
                seen += s.irrep().multiplicity();
            }
        }
        throw new IllegalArgumentException(this + " has " + seen + " copies of order " + order + ", no copy " + copy);
    }

    /** Whether this is {@code Cx0+Cx1+...+CxM} up to how the copies are split into entries (same total each). */
    public boolean isRegular() {
        int c = multiplicity(0);
        if (c == 0) {
            return false;
        }
        int total = 0;
        for (int n = 0; n <= maxOrder; n++) {
            if (multiplicity(n) != c) {
                return false;
            }
            total += c * (n == 0 ? 1 : 2);
        }
        return total == dim;
    }

    int[] pairColumns() {
        return pairColumns;
    }

    int[] pairOrders() {
        return pairOrders;
    }

    /** The block-diagonal matrix {@code rho(angle)}, [dim, dim], acting on column vectors. */
    public INDArray representation(double angle, DataType dtype) {
        double[][] m = new double[dim][dim];
        for (Slice s : slices) {
            int n = s.irrep().order();
            for (int c = 0; c < s.irrep().multiplicity(); c++) {
                int col = s.offset() + c * s.irrep().width();
                if (n == 0) {
                    m[col][col] = 1;
                } else {
                    double cos = Math.cos(n * angle);
                    double sin = Math.sin(n * angle);
                    m[col][col] = cos;
                    m[col][col + 1] = -sin;
                    m[col + 1][col] = sin;
                    m[col + 1][col + 1] = cos;
                }
            }
        }
        return Nd4j.createFromArray(m).castTo(dtype);
    }

    /**
     * Row r of the result is {@code rho(angles[r]) x[r]}: each vertex's features turned by its own angle.
     * Differentiable in x; float32 or float64.
     */
    public Tensor rotate(Tensor x, double[] angles) {
        return IrrepRotation.apply(x, this, RowAngles.of(angles, maxOrder));
    }

    /** Irreps of this followed by those of {@code other} (direct sum). */
    public Irreps plus(Irreps other) {
        List<Irrep> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new Irreps(all);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Irreps other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return String.join("+", entries.stream().map(Irrep::toString).toList());
    }

    /** The orders of the columns, for messages and tests. */
    int[] columnOrders() {
        int[] out = new int[dim];
        for (Slice s : slices) {
            Arrays.fill(out, s.offset(), s.offset() + s.length(), s.irrep().order());
        }
        return out;
    }
}
