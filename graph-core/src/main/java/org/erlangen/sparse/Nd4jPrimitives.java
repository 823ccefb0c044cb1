package org.erlangen.sparse;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.erlangen.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.api.ops.impl.transforms.segment.UnsortedSegmentMax;
import org.nd4j.linalg.api.ops.impl.transforms.segment.UnsortedSegmentMin;
import org.nd4j.linalg.api.ops.impl.transforms.segment.UnsortedSegmentSum;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The sparse operations on ND4J's own ops (gather, unsorted segment sum/max/min, broadcast products), so the arrays
 * stay where the backend keeps them: the path for a GPU. The products are a gather of the rows each entry reads, a
 * product with the entry weights and a segment sum into the rows it writes, forward and backward alike, so no
 * transpose is needed. The index arrays are made once per pattern and kept with it ({@link Csr#derived},
 * {@link Segments#derived}). On the CPU this is far slower than {@link JavaPrimitives}: in the design's measurements
 * a GCN step on gather and segment sum took 6.5 s against 0.15 s.
 *
 * <p>ND4J's ops reject empty index arrays, so a pattern without entries is answered here without them.
 */
final class Nd4jPrimitives implements SparsePrimitives {
    /** The derived values this backend keeps with a pattern. */
    private enum Key {
        COLS, IDS, EMPTY, ENTRY_OFFSETS
    }

    /** The segments that hold no rows, as an index array; null when every segment has rows. */
    private record Empty(INDArray index) {
    }

    @Override
    public INDArray gatherCols(Csr csr, INDArray x) {
        return gather(x, cols(csr), csr.entryCount());
    }

    @Override
    public INDArray sumByCol(Csr csr, INDArray g) {
        return sumInto(g, cols(csr), csr.colCount());
    }

    @Override
    public INDArray expand(Segments segments, INDArray x) {
        return gather(x, ids(segments), segments.total());
    }

    @Override
    public INDArray segmentSum(Segments segments, INDArray values) {
        return sumInto(values, ids(segments), segments.count());
    }

    @Override
    public Extreme segmentExtreme(Segments segments, INDArray values, boolean max) {
        int total = segments.total();
        int count = segments.count();
        long[] outShape = rowShape(values, count);
        if (total == 0) {
            return new RoutedExtreme(Nd4j.zeros(values.dataType(), outShape), null, null, values.shape());
        }
        INDArray v = matrix(values);
        INDArray ids = ids(segments);
        INDArray extreme = unsorted(max ? UnsortedSegmentMax::new : UnsortedSegmentMin::new, v, ids, count);
        // the first row of each segment holding the extreme, as the Java kernels pick it on ties: a row's candidate
        // is its entry index k where it holds the extreme and k + total where not, and the least candidate wins
        INDArray hit = v.eq(gather(extreme, ids, total)).castTo(DataType.INT);
        INDArray candidate = hit.muli(-total).addiColumnVector(entryOffsets(segments));
        INDArray first = unsorted(UnsortedSegmentMin::new, candidate, ids, count);
        INDArray route = candidate.eq(gather(first, ids, total)).castTo(values.dataType());
        INDArray empty = empty(segments).index();
        if (empty != null) {
            // ND4J fills an empty segment with the lowest (highest) value of the type; ours are 0
            Nd4j.exec(DynamicCustomOp.builder("scatter_upd")
                    .addInputs(extreme, empty, Nd4j.zeros(extreme.dataType(), empty.length(), extreme.size(1)))
                    .addOutputs(extreme).callInplace(true).build());
        }
        return new RoutedExtreme(extreme.reshape(outShape), ids, route, values.shape());
    }

    /** The extremes, and a 1 for each entry and column that holds its segment's extreme (a 0 elsewhere). */
    private record RoutedExtreme(INDArray values, INDArray ids, INDArray route, long[] shape) implements Extreme {
        @Override
        public INDArray backward(INDArray g) {
            if (route == null) {
                return Nd4j.zeros(g.dataType(), shape);
            }
            return gather(matrix(g), ids, route.size(0)).muli(route).reshape(shape);
        }
    }

    @Override
    public INDArray segmentSoftmax(Segments segments, INDArray scores) {
        int total = segments.total();
        if (total == 0) {
            return Nd4j.create(scores.dataType(), scores.shape());
        }
        INDArray ids = ids(segments);
        INDArray v = matrix(scores);
        INDArray max = unsorted(UnsortedSegmentMax::new, v, ids, segments.count());
        INDArray e = Transforms.exp(v.sub(gather(max, ids, total)), false);
        INDArray sums = sumInto(e, ids, segments.count());
        return e.divi(gather(sums, ids, total)).reshape(scores.shape());
    }

    @Override
    public INDArray segmentSoftmaxBackward(Segments segments, INDArray y, INDArray g) {
        int total = segments.total();
        if (total == 0) {
            return Nd4j.create(y.dataType(), y.shape());
        }
        INDArray ids = ids(segments);
        INDArray ym = matrix(y);
        INDArray gm = matrix(g);
        INDArray dot = sumInto(gm.mul(ym), ids, segments.count());
        return gm.sub(gather(dot, ids, total)).muli(ym).reshape(y.shape());
    }

    @Override
    public INDArray spmm(Csr csr, INDArray w, INDArray x, INDArray bias, double self) {
        INDArray xm = matrix(x);
        INDArray messages = gather(xm, cols(csr), csr.entryCount());
        scale(messages, w, 1);
        INDArray out = sumInto(messages, ids(csr.rows()), csr.rowCount());
        if (bias != null) {
            out.addiRowVector(like(bias, x).reshape(1, out.size(1)));
        }
        if (self != 0) {
            out.addi(xm.mul(self));
        }
        return out.reshape(rowShape(x, csr.rowCount()));
    }

    @Override
    public INDArray spmmBackward(Csr csr, INDArray w, boolean constant, INDArray g, double self) {
        INDArray gm = matrix(g);
        INDArray messages = gather(gm, ids(csr.rows()), csr.entryCount());
        scale(messages, w, 1);
        INDArray out = sumInto(messages, cols(csr), csr.colCount());
        if (self != 0) {
            out.addi(gm.mul(self));
        }
        return out.reshape(rowShape(g, csr.colCount()));
    }

    @Override
    public INDArray entryDot(Csr csr, INDArray a, INDArray b) {
        if (csr.entryCount() == 0) {
            return Nd4j.create(a.dataType(), 0);
        }
        return products(csr, a, b).sum(1);
    }

    @Override
    public INDArray columnSums(INDArray g) {
        return matrix(g).sum(0);
    }

    @Override
    public INDArray weightedSum(Csr csr, INDArray w, int heads, INDArray x) {
        INDArray messages = gather(x, cols(csr), csr.entryCount());
        scale(messages, w, heads);
        return sumInto(messages, ids(csr.rows()), csr.rowCount());
    }

    @Override
    public INDArray weightedSumTransposed(Csr csr, INDArray w, int heads, INDArray g) {
        INDArray messages = gather(g, ids(csr.rows()), csr.entryCount());
        scale(messages, w, heads);
        return sumInto(messages, cols(csr), csr.colCount());
    }

    @Override
    public INDArray entryDot(Csr csr, INDArray a, INDArray b, int heads) {
        int entries = csr.entryCount();
        if (entries == 0) {
            return Nd4j.create(a.dataType(), 0, heads);
        }
        return products(csr, a, b).reshape(entries, heads, a.size(1) / heads).sum(2).reshape(entries, heads);
    }

    /** {@code a[row of k] * b[col k]} elementwise, one row per entry. */
    private static INDArray products(Csr csr, INDArray a, INDArray b) {
        int entries = csr.entryCount();
        INDArray at = gather(matrix(a), ids(csr.rows()), entries);
        return at.muli(like(gather(matrix(b), cols(csr), entries), a));
    }

    /**
     * Multiplies each entry's row by its weight in place, per head: {@code w} is one value per entry and head, or
     * null for weight 1. {@code messages} is a fresh gather, so its reshape is a view of it.
     */
    private static void scale(INDArray messages, INDArray w, int heads) {
        long entries = messages.size(0);
        if (w == null || entries == 0) {
            return;
        }
        INDArray weights = like(w, messages);
        if (heads == 1) {
            messages.muliColumnVector(weights.reshape(entries, 1));
            return;
        }
        INDArray perHead = messages.reshape(entries, heads, messages.size(1) / heads);
        Nd4j.exec(new BroadcastMulOp(perHead, weights.reshape(entries, heads), perHead, 0, 1));
    }

    /** Row i of the result is row {@code index[i]} of x; {@code count} is the index's length. */
    private static INDArray gather(INDArray x, INDArray index, long count) {
        if (count == 0) {
            return Nd4j.create(x.dataType(), rowShape(x, 0));
        }
        return exec(new Gather(x, index, 0));
    }

    /** Row s of the result is the sum of the rows i of x with {@code ids[i] = s}, for {@code count} rows. */
    private static INDArray sumInto(INDArray x, INDArray ids, int count) {
        if (x.size(0) == 0) {
            return Nd4j.zeros(x.dataType(), rowShape(x, count));
        }
        return unsorted(UnsortedSegmentSum::new, matrix(x), ids, count).reshape(rowShape(x, count));
    }

    /** An unsorted segment op ({@code UnsortedSegmentSum::new}, ...): values, segment ids and number of segments. */
    private interface SegmentOp {
        CustomOp of(INDArray values, INDArray ids, int count);
    }

    /**
     * {@code op} over the rows of a matrix into {@code count} rows. ND4J's segment ops take a matrix of one row for
     * a vector of values, one per segment id; as {@code [1, 1, width]} it stays one row.
     */
    private static INDArray unsorted(SegmentOp op, INDArray m, INDArray ids, int count) {
        if (m.size(0) == 1) {
            return exec(op.of(m.reshape(1, 1, m.size(1)), ids, count)).reshape(count, m.size(1));
        }
        return exec(op.of(m, ids, count));
    }

    private static INDArray exec(CustomOp op) {
        return Nd4j.exec(op)[0];
    }

    /** The array as {@code [rows, width]}: a vector as one column, trailing dimensions flattened. */
    private static INDArray matrix(INDArray x) {
        return x.rank() == 2 ? x : x.reshape(x.size(0), width(x));
    }

    private static long width(INDArray x) {
        long width = 1;
        for (int d = 1; d < x.rank(); d++) {
            width *= x.size(d);
        }
        return width;
    }

    private static long[] rowShape(INDArray like, long rows) {
        long[] shape = like.shape().clone();
        shape[0] = rows;
        return shape;
    }

    private static INDArray like(INDArray a, INDArray other) {
        return a.dataType() == other.dataType() ? a : a.castTo(other.dataType());
    }

    private static INDArray cols(Csr csr) {
        return csr.derived(Key.COLS, () -> index(csr.cols()));
    }

    private static INDArray ids(Segments segments) {
        return segments.derived(Key.IDS, () -> index(segments.ids()));
    }

    /** {@code k + total} for each row k, as a column: a row's candidate where it does not hold the extreme. */
    private static INDArray entryOffsets(Segments segments) {
        return segments.derived(Key.ENTRY_OFFSETS, () -> {
            int total = segments.total();
            if (total >= 1 << 30) {
                throw new IllegalArgumentException("segment max/min on ND4J takes fewer than 2^30 rows, got " + total);
            }
            int[] offsets = new int[total];
            Arrays.setAll(offsets, k -> k + total);
            return index(offsets).reshape(total, 1);
        });
    }

    private static Empty empty(Segments segments) {
        return segments.derived(Key.EMPTY, () -> {
            int[] empty = IntStream.range(0, segments.count()).filter(s -> segments.size(s) == 0)
                    .toArray();
            return new Empty(empty.length == 0 ? null : index(empty));
        });
    }

    /** An index array that outlives the current step. */
    private static INDArray index(int[] values) {
        return Workspace.outside(() -> Nd4j.createFromArray(values));
    }
}
