package org.erlangen.gauge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.erlangen.graph.Graph;
import org.erlangen.mesh.MeshGraph;
import org.erlangen.mesh.VertexFrames;
import org.erlangen.mesh.sampling.MultiScale;
import org.erlangen.mesh.sampling.Pooling;
import org.erlangen.sparse.Segments;

/**
 * A mesh and coarser levels of its vertices for a GEM network with pooling. Level 0 is the mesh itself; each further
 * level is a farthest-point sample of the one before ({@link MultiScale}), whose points keep the tangent frames they
 * had as mesh vertices. Two coarse points are joined when some edge of the level before joins points assigned to
 * them (nearest-point cells that touch), so coarse edges follow the surface rather than cutting across it. Pooling
 * from level l to l + 1 averages each cell into its point with parallel transport ({@link TransportPool}).
 *
 * <p>Several meshes batch into one hierarchy of disjoint pieces; {@link #nodes(int)} gives each mesh's points per
 * level, the segments of a readout.
 */
public final class MeshHierarchy {
    /**
     * How to coarsen.
     *
     * @param coarseLevels levels after the mesh itself
     * @param ratio points kept from one level to the next, in (0, 1)
     * @param seed of the farthest-point sampling's start
     */
    public record Spec(int coarseLevels, double ratio, long seed) {
        public Spec {
            if (coarseLevels < 0) {
                throw new IllegalArgumentException("coarse levels must be >= 0, got " + coarseLevels);
            }
            if (!(ratio > 0 && ratio < 1)) {
                throw new IllegalArgumentException("the ratio of points kept per level must be in (0, 1), got "
                        + ratio);
            }
        }
    }

    private final List<GaugeGraph> levels;
    private final List<TransportPool> pools;
    private final List<Segments> nodes;
    /** Per level, each point's index among the level-0 points. */
    private final List<int[]> points;

    private MeshHierarchy(List<GaugeGraph> levels, List<TransportPool> pools, List<Segments> nodes,
            List<int[]> points) {
        this.levels = List.copyOf(levels);
        this.pools = List.copyOf(pools);
        this.nodes = List.copyOf(nodes);
        this.points = List.copyOf(points);
    }

    /** The hierarchy of a mesh graph; level 0 keeps the graph with its node features. */
    public static MeshHierarchy build(MeshGraph mesh, Spec spec) {
        return build(GaugeGraph.of(mesh), mesh.halfEdges().mesh().positions(), mesh.geometry().frames(), spec);
    }

    /**
     * The hierarchy over a level-0 gauge graph whose points have the given positions and frames (the frames its
     * geometry was computed with).
     */
    public static MeshHierarchy build(GaugeGraph level0, double[] positions, VertexFrames frames, Spec spec) {
        int n = level0.nodeCount();
        if (positions.length != 3 * n || frames.count() != n) {
            throw new IllegalArgumentException("level 0 has " + n + " points but " + positions.length / 3
                    + " positions and " + frames.count() + " frames");
        }
        int[] sizes = new int[spec.coarseLevels()];
        int size = n;
        for (int l = 0; l < sizes.length; l++) {
            size = Math.max(1, (int) Math.round(size * spec.ratio()));
            sizes[l] = size;
        }
        List<MultiScale.Level> sampled = MultiScale.build(positions, sizes, spec.seed());
        List<GaugeGraph> levels = new ArrayList<>();
        List<TransportPool> pools = new ArrayList<>();
        List<int[]> points = new ArrayList<>();
        levels.add(level0);
        int[] identity = new int[n];
        Arrays.setAll(identity, i -> i);
        points.add(identity);
        VertexFrames fineFrames = frames;
        for (MultiScale.Level level : sampled) {
            int[] pts = level.points();
            VertexFrames coarseFrames = select(frames, pts);
            GaugeGraph fine = levels.get(levels.size() - 1);
            Graph coarseGraph = coarsen(fine.graph(), level.parent(), pts.length);
            levels.add(GaugeGraph.fromFrames(coarseGraph, Pooling.select(positions, pts), coarseFrames));
            int[] fineIndex = new int[fine.nodeCount()];
            Arrays.setAll(fineIndex, i -> i);
            pools.add(TransportPool.fromFrames(fineFrames, coarseFrames, fineIndex, level.parent(), level.parent()));
            points.add(pts.clone());
            fineFrames = coarseFrames;
        }
        List<Segments> nodes = new ArrayList<>();
        for (GaugeGraph g : levels) {
            nodes.add(Segments.ofSizes(new int[] {g.nodeCount()}));
        }
        return new MeshHierarchy(levels, pools, nodes, points);
    }

    /** Edges between the coarse points whose cells an edge of the fine graph joins, both directions, sorted. */
    private static Graph coarsen(Graph fine, int[] parent, int coarseCount) {
        int[] s = fine.senders();
        int[] r = fine.receivers();
        long[] keys = new long[s.length];
        int count = 0;
        for (int e = 0; e < s.length; e++) {
            int a = parent[s[e]];
            int b = parent[r[e]];
            if (a != b) {
                keys[count++] = ((long) b << 32) | a;
            }
        }
        long[] both = new long[2 * count];
        for (int i = 0; i < count; i++) {
            long k = keys[i];
            both[2 * i] = k;
            both[2 * i + 1] = ((k & 0xffffffffL) << 32) | (k >>> 32);
        }
        long[] sorted = Arrays.stream(both).sorted().distinct().toArray();
        int[] senders = new int[sorted.length];
        int[] receivers = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            receivers[i] = (int) (sorted[i] >>> 32);
            senders[i] = (int) (sorted[i] & 0xffffffffL);
        }
        return Graph.builder(coarseCount).edges(senders, receivers).build();
    }

    private static VertexFrames select(VertexFrames frames, int[] pts) {
        return new VertexFrames(Pooling.select(frames.normals(), pts), Pooling.select(frames.xAxes(), pts),
                Pooling.select(frames.yAxes(), pts));
    }

    /** Hierarchies of disjoint meshes as one (all with the same number of levels), in list order. */
    public static MeshHierarchy batch(List<MeshHierarchy> meshes) {
        if (meshes.isEmpty()) {
            throw new IllegalArgumentException("cannot batch an empty list of meshes");
        }
        int levelCount = meshes.get(0).levelCount();
        for (int i = 1; i < meshes.size(); i++) {
            if (meshes.get(i).levelCount() != levelCount) {
                throw new IllegalArgumentException("mesh " + i + " has " + meshes.get(i).levelCount()
                        + " levels, mesh 0 has " + levelCount);
            }
        }
        List<GaugeGraph> levels = new ArrayList<>();
        List<Segments> nodes = new ArrayList<>();
        List<int[]> points = new ArrayList<>();
        for (int l = 0; l < levelCount; l++) {
            int level = l;
            GaugeGraph.Batch b = GaugeGraph.batch(meshes.stream().map(m -> m.level(level)).toList());
            levels.add(b.graph());
            int[] sizes = new int[meshes.size()];
            int total = 0;
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = meshes.get(i).nodes(l).total();
                total += sizes[i];
            }
            nodes.add(Segments.ofSizes(sizes));
            int[] pts = new int[total];
            int at = 0;
            int offset = 0;
            for (MeshHierarchy m : meshes) {
                for (int p : m.points.get(l)) {
                    pts[at++] = p + offset;
                }
                offset += m.level(0).nodeCount();
            }
            points.add(pts);
        }
        List<TransportPool> pools = new ArrayList<>();
        for (int l = 0; l + 1 < levelCount; l++) {
            int level = l;
            pools.add(TransportPool.batch(meshes.stream().map(m -> m.pool(level)).toList()));
        }
        return new MeshHierarchy(levels, pools, nodes, points);
    }

    /**
     * The same hierarchy with every level-0 frame turned by {@code alpha[v]}; a coarse point turns with the vertex
     * it is.
     */
    public MeshHierarchy withGauge(double[] alpha) {
        List<GaugeGraph> gl = new ArrayList<>();
        List<double[]> perLevel = new ArrayList<>();
        for (int l = 0; l < levels.size(); l++) {
            double[] a = gaugeOfLevel(alpha, l);
            perLevel.add(a);
            gl.add(levels.get(l).withGauge(a));
        }
        List<TransportPool> gp = new ArrayList<>();
        for (int l = 0; l < pools.size(); l++) {
            gp.add(pools.get(l).withGauge(perLevel.get(l), perLevel.get(l + 1)));
        }
        return new MeshHierarchy(gl, gp, nodes, points);
    }

    /** The level-0 gauge angles {@code alpha} as seen by the points of a level. */
    public double[] gaugeOfLevel(double[] alpha, int level) {
        if (alpha.length != levels.get(0).nodeCount()) {
            throw new IllegalArgumentException(alpha.length + " gauge angles for " + levels.get(0).nodeCount()
                    + " points");
        }
        int[] pts = points.get(level);
        double[] out = new double[pts.length];
        for (int i = 0; i < pts.length; i++) {
            out[i] = alpha[pts[i]];
        }
        return out;
    }

    public int levelCount() {
        return levels.size();
    }

    public GaugeGraph level(int l) {
        return levels.get(l);
    }

    /** Pooling from level l to level l + 1. */
    public TransportPool pool(int l) {
        return pools.get(l);
    }

    /** The points of each mesh at a level. */
    public Segments nodes(int level) {
        return nodes.get(level);
    }

    public int meshCount() {
        return nodes.get(0).count();
    }

    /** A copy of the level-0 indices of a level's points. */
    public int[] points(int level) {
        return points.get(level).clone();
    }
}
