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

    /** @throws IllegalArgumentException naming a missing or bad field */
    public static GemModelConfig fromJson(JsonObject json) {
        var f = ConfigJson.of(json, "GEM model config");
        return new GemModelConfig(f.getInt("inputs"), f.getInt("channels"), f.getInt("maxOrder"),
                f.getInt("coarseLevels"), f.getDouble("ratio"), f.getInt("meshBlocks"), f.getInt("coarseBlocks"),
                f.getInt("rings"), f.getDouble("ringInner"), f.getDouble("ringOuter"), f.getInt("samples"),
                f.getString("activation"), f.getInt("headHidden"), f.getInt("classes"), f.getLong("samplingSeed"));
    }
}
