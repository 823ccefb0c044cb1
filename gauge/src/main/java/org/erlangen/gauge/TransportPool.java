package org.erlangen.gauge;

import java.util.Arrays;
import java.util.List;
import org.erlangen.kernels.Parallel;
import org.erlangen.mesh.VertexFrames;
import org.erlangen.sparse.Csr;
import org.erlangen.sparse.Sparse;
import org.erlangen.tensor.Tensor;

/**
 * Parallel-transport pooling between a fine and a coarse level of points, each point with its tangent frame. Pooling
 * transports the features of the fine points assigned to a coarse point into the coarse point's frame with the
 * connection between the two frames ({@link VertexFrames#connection}) and averages them:
 * {@code y_c = mean over fine i -> c of rho(g_{i->c}) x_i}. Unpooling gives every fine point the transported feature
 * of its parent: {@code x_i = rho(g_{c->i}) y_parent(i)}. Both are gauge equivariant, since g_{i->c} changes to
 * {@code g + alpha_i - alpha_c} in a new gauge.
 */
public final class TransportPool {
    private final int fineCount;
    private final int coarseCount;
    private final Csr pool;
    private final double[] poolConnection;
    private final int[] parent;
    private final double[] unpoolConnection;
    private RowAngles poolAngles;
    private RowAngles unpoolAngles;

    private TransportPool(int fineCount, int coarseCount, Csr pool, double[] poolConnection, int[] parent,
            double[] unpoolConnection) {
        this.fineCount = fineCount;
        this.coarseCount = coarseCount;
        this.pool = pool;
        this.poolConnection = poolConnection;
        this.parent = parent;
        this.unpoolConnection = unpoolConnection;
    }

    /**
     * Pooling over the edges fine[k] -> coarse[k] (any order; each coarse point should receive at least one), and
     * unpooling from {@code parent[i]}, with connection angles computed from the frames.
     *
     * @param fineFrames frames of the fine points
     * @param coarseFrames frames of the coarse points
     */
    public static TransportPool fromFrames(VertexFrames fineFrames, VertexFrames coarseFrames, int[] fine,
            int[] coarse, int[] parent) {
        double[] toCoarse = new double[fine.length];
        for (int k = 0; k < fine.length; k++) {
            check(fine[k], fineFrames.count(), "fine point of pooling edge " + k);
            check(coarse[k], coarseFrames.count(), "coarse point of pooling edge " + k);
            toCoarse[k] = VertexFrames.connection(fineFrames, fine[k], coarseFrames, coarse[k]);
        }
        if (parent.length != fineFrames.count()) {
            throw new IllegalArgumentException(parent.length + " parents for " + fineFrames.count() + " fine points");
        }
        double[] toFine = new double[parent.length];
        for (int i = 0; i < parent.length; i++) {
            check(parent[i], coarseFrames.count(), "parent of fine point " + i);
            toFine[i] = VertexFrames.connection(coarseFrames, parent[i], fineFrames, i);
        }
        return of(fineFrames.count(), coarseFrames.count(), fine, coarse, toCoarse, parent, toFine);
    }

    /**
     * From plain arrays.
     *
     * @param toCoarse g_{fine[k] -> coarse[k]} per pooling edge
     * @param toFine g_{parent[i] -> i} per fine point
     */
    public static TransportPool of(int fineCount, int coarseCount, int[] fine, int[] coarse, double[] toCoarse,
            int[] parent, double[] toFine) {
        if (coarse.length != fine.length || toCoarse.length != fine.length) {
            throw new IllegalArgumentException(fine.length + " fine ends, " + coarse.length + " coarse ends and "
                    + toCoarse.length + " connection angles for the pooling edges");
        }
        if (parent.length != fineCount || toFine.length != fineCount) {
            throw new IllegalArgumentException(fineCount + " fine points but " + parent.length + " parents and "
                    + toFine.length + " unpooling angles");
        }
        Csr.Sorted sorted = Csr.fromCoo(coarse, fine, coarseCount, fineCount);
        double[] angles = new double[fine.length];
        for (int k = 0; k < angles.length; k++) {
            angles[k] = toCoarse[sorted.order()[k]];
        }
        for (int c = 0; c < coarseCount; c++) {
            if (sorted.csr().rows().size(c) == 0) {
                throw new IllegalArgumentException("coarse point " + c + " receives no fine point");
            }
        }
        for (int i = 0; i < fineCount; i++) {
            check(parent[i], coarseCount, "parent of fine point " + i);
        }
        return new TransportPool(fineCount, coarseCount, sorted.csr(), angles, parent.clone(), toFine.clone());
    }

    private static void check(int index, int count, String what) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(what + " is " + index + ", outside [0, " + count + ")");
        }
    }

    /** Features [fine, dim] to [coarse, dim]: transported into each coarse frame and averaged. */
    public Tensor pool(Tensor x, Irreps irreps) {
        checkRows(x, fineCount, "pool");
        Tensor gathered = Sparse.gatherCols(x, pool);
        Tensor turned = IrrepRotation.apply(gathered, irreps, poolAngles(irreps.maxOrder()));
        return Sparse.segmentMean(turned, pool.rows());
    }

    /** Features [coarse, dim] to [fine, dim]: each fine point gets its parent's, transported into its frame. */
    public Tensor unpool(Tensor x, Irreps irreps) {
        checkRows(x, coarseCount, "unpool");
        return IrrepRotation.apply(Sparse.indexSelect(x, parent), irreps, unpoolAngles(irreps.maxOrder()));
    }

    private static void checkRows(Tensor x, int rows, String what) {
        if (x.rank() != 2 || x.rows() != rows) {
            throw new IllegalArgumentException(what + " expects [" + rows + ", dim] features, got "
                    + Arrays.toString(x.shape()));
        }
    }

    private synchronized RowAngles poolAngles(int maxOrder) {
        if (poolAngles == null || poolAngles.maxOrder() < maxOrder) {
            poolAngles = RowAngles.of(poolConnection, maxOrder);
        }
        return poolAngles;
    }

    private synchronized RowAngles unpoolAngles(int maxOrder) {
        if (unpoolAngles == null || unpoolAngles.maxOrder() < maxOrder) {
            unpoolAngles = RowAngles.of(unpoolConnection, maxOrder);
        }
        return unpoolAngles;
    }

    /** The same pooling with the fine frames turned by {@code fineAlpha} and the coarse ones by {@code coarseAlpha}. */
    public TransportPool withGauge(double[] fineAlpha, double[] coarseAlpha) {
        if (fineAlpha.length != fineCount || coarseAlpha.length != coarseCount) {
            throw new IllegalArgumentException("need " + fineCount + " fine and " + coarseCount
                    + " coarse gauge angles, got " + fineAlpha.length + " and " + coarseAlpha.length);
        }
        int[] coarseOf = pool.rowOfEntries();
        double[] toCoarse = new double[poolConnection.length];
        for (int k = 0; k < toCoarse.length; k++) {
            toCoarse[k] = poolConnection[k] + fineAlpha[pool.col(k)] - coarseAlpha[coarseOf[k]];
        }
        double[] toFine = new double[fineCount];
        for (int i = 0; i < fineCount; i++) {
            toFine[i] = unpoolConnection[i] + coarseAlpha[parent[i]] - fineAlpha[i];
        }
        return new TransportPool(fineCount, coarseCount, pool, toCoarse, parent, toFine);
    }

    /** Poolings of disjoint meshes as one, fine and coarse points numbered in list order. */
    public static TransportPool batch(List<TransportPool> pools) {
        int fine = 0;
        int coarse = 0;
        int edges = 0;
        for (TransportPool p : pools) {
            fine += p.fineCount;
            coarse += p.coarseCount;
            edges += p.pool.entryCount();
        }
        int[] f = new int[edges];
        int[] c = new int[edges];
        double[] toCoarse = new double[edges];
        int[] parent = new int[fine];
        double[] toFine = new double[fine];
        int e = 0;
        int fineOffset = 0;
        int coarseOffset = 0;
        for (TransportPool p : pools) {
            int[] rows = p.pool.rowOfEntries();
            for (int k = 0; k < p.pool.entryCount(); k++, e++) {
                f[e] = p.pool.col(k) + fineOffset;
                c[e] = rows[k] + coarseOffset;
                toCoarse[e] = p.poolConnection[k];
            }
            for (int i = 0; i < p.fineCount; i++) {
                parent[fineOffset + i] = p.parent[i] + coarseOffset;
                toFine[fineOffset + i] = p.unpoolConnection[i];
            }
            fineOffset += p.fineCount;
            coarseOffset += p.coarseCount;
        }
        return of(fine, coarse, f, c, toCoarse, parent, toFine);
    }

    public int fineCount() {
        return fineCount;
    }

    public int coarseCount() {
        return coarseCount;
    }

    /** A copy of the coarse point each fine point unpools from. */
    public int[] parent() {
        return parent.clone();
    }
}
