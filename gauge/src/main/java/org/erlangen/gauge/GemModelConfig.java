package org.erlangen.gauge;

import com.google.gson.JsonObject;
import org.erlangen.io.ConfigJson;
import org.erlangen.nn.Activation;

/**
 * The architecture of a {@link GemMeshModel}, stored in its model file so it can be rebuilt, together with how its
 * input meshes are coarsened (which must match between training and use).
 *
 * @param inputs scalar input features per vertex
 * @param channels copies of every order in the hidden type {@code Cx0+...+CxM}
 * @param maxOrder M
 * @param coarseLevels pooling steps after the mesh level
 * @param ratio points kept per pooling step
 * @param meshBlocks residual blocks on the mesh level (before the first pooling)
 * @param coarseBlocks residual blocks on every coarse level
 * @param rings radial rings of every kernel
 * @param ringInner radius of the first ring, in mean edge lengths of its level
 * @param ringOuter radius of the last ring
 * @param samples angles at which the regular nonlinearity samples
 * @param activation of the regular nonlinearity and of the head
 * @param headHidden width of the head's hidden layer
 * @param classes outputs
 * @param samplingSeed seed of the farthest-point sampling of the levels
 */
public record GemModelConfig(int inputs, int channels, int maxOrder, int coarseLevels, double ratio,
        int meshBlocks, int coarseBlocks, int rings, double ringInner, double ringOuter, int samples, String activation,
        int headHidden, int classes, long samplingSeed) {
    public GemModelConfig {
        if (inputs < 1 || channels < 1 || headHidden < 1) {
            throw new IllegalArgumentException("widths must be positive: inputs=" + inputs + " channels=" + channels
                    + " headHidden=" + headHidden);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        if (meshBlocks < 0 || coarseBlocks < 0) {
            throw new IllegalArgumentException("block counts must be >= 0, got " + meshBlocks + " on the mesh and "
                    + coarseBlocks + " per coarse level");
        }
        new MeshHierarchy.Spec(coarseLevels, ratio, samplingSeed);
        new RadialRings(rings, ringInner, ringOuter);
        Activation.of(activation);
        Irreps.regular(channels, maxOrder);
        if (samples < 2 * maxOrder + 1) {
            throw new IllegalArgumentException(samples + " nonlinearity samples cannot resolve order " + maxOrder
                    + "; need at least " + (2 * maxOrder + 1));
        }
    }

    public Irreps hidden() {
        return Irreps.regular(channels, maxOrder);
    }

    public RadialRings radialRings() {
        return new RadialRings(rings, ringInner, ringOuter);
    }

    public MeshHierarchy.Spec hierarchy() {
        return new MeshHierarchy.Spec(coarseLevels, ratio, samplingSeed);
    }

    public JsonObject toJson() {
        return ConfigJson.create().put("model", "gem-mesh-classifier").put("inputs", inputs)
                .put("channels", channels).put("maxOrder", maxOrder).put("coarseLevels", coarseLevels)
                .put("ratio", ratio).put("meshBlocks", meshBlocks).put("coarseBlocks", coarseBlocks)
                .put("rings", rings).put("ringInner", ringInner).put("ringOuter", ringOuter).put("samples", samples)
                .put("activation", activation).put("headHidden", headHidden).put("classes", classes)
                .put("samplingSeed", samplingSeed).json();
    }

    /** Coarsening levels a model file may declare: each keeps a fraction of the points, so a few dozen is all. */
    static final int MAX_FILE_LEVELS = 64;
    /** Nonlinearity samples (times the hidden width) a model file may declare per value it holds. */
    static final int MAX_SAMPLES_PER_VALUE = 1024;

    /**
     * The config of a model file that holds {@code values} numbers, refused before anything is built when the
     * network it declares would need more parameters than that: the input kernel ({@code rings * inputs * dim}),
     * each residual block's kernel ({@code rings * dim * dim}) and the head ({@code channels * (maxOrder + 1) *
     * headHidden + headHidden * classes}), with {@code dim = channels * (2 maxOrder + 1)} (a test checks this lower
     * bound against built models). So a small file cannot declare a width of 700,000,000 and make the reader build
     * it. The nonlinearity's samples and the coarsening levels, which hold no parameters, are bounded too.
     *
     * @throws IllegalArgumentException naming the field, or the bound and the values held
     */
    public static GemModelConfig fromJson(JsonObject json, long values) {
        var f = ConfigJson.of(json, "GEM model config");
        double channels = f.getInt("channels");
        double maxOrder = f.getInt("maxOrder");
        double rings = f.getInt("rings");
        double headHidden = f.getInt("headHidden");
        int coarseLevels = f.getInt("coarseLevels");
        double dim = channels * (2 * maxOrder + 1);
        double blocks = f.getInt("meshBlocks") + (double) coarseLevels * f.getInt("coarseBlocks");
        double least = rings * f.getInt("inputs") * dim + blocks * rings * dim * dim
                + channels * (maxOrder + 1) * headHidden + headHidden * f.getInt("classes");
        if (least > values) {
            throw new IllegalArgumentException("the config declares a network of at least " + (long) least
                    + " parameters (channels " + (long) channels + ", maxOrder " + (long) maxOrder + ", rings "
                    + (long) rings + ", headHidden " + (long) headHidden + "), but the file holds " + values
                    + " values");
        }
        if (f.getInt("samples") * dim > (double) MAX_SAMPLES_PER_VALUE * values) {
            throw new IllegalArgumentException("the config declares " + f.getInt("samples") + " nonlinearity samples "
                    + "of a " + (long) dim + "-wide hidden type, more than " + MAX_SAMPLES_PER_VALUE + " per value "
                    + "the file holds (" + values + ")");
        }
        if (coarseLevels > MAX_FILE_LEVELS) {
            throw new IllegalArgumentException("the config declares " + coarseLevels + " coarsening levels; a model "
                    + "file may declare at most " + MAX_FILE_LEVELS);
        }
        return fromJson(json);
    }

    /** @throws IllegalArgumentException naming a missing or bad field */
    public static GemModelConfig fromJson(JsonObject json) {
        var f = ConfigJson.of(json, "GEM model config");
        return new GemModelConfig(f.getInt("inputs"), f.getInt("channels"), f.getInt("maxOrder"),
                f.getInt("coarseLevels"), f.getDouble("ratio"), f.getInt("meshBlocks"), f.getInt("coarseBlocks"),
                f.getInt("rings"), f.getDouble("ringInner"), f.getDouble("ringOuter"), f.getInt("samples"),
                f.getString("activation"), f.getInt("headHidden"), f.getInt("classes"), f.getLong("samplingSeed"));
    }
}
