package org.erlangen.gauge.grid;

import com.google.gson.JsonObject;
import java.util.List;
import org.erlangen.io.ConfigJson;

/**
 * The architecture of a {@link GridCnn}, stored in its model file: Cohen and Welling's (2016) rotated-MNIST networks.
 * {@code group} is {@code Z2} (a plain CNN), {@code C4} (P4CNN) or {@code D4} (P4MCNN); {@code layers} convolutions,
 * all 3x3 but the last ({@code lastKernel} wide), without padding; a 2x2 max-pool after the second; batch norm, ReLU
 * and dropout after each but the last; the group's networks pool over orientations at the end. {@code channels} per
 * layer: 20 for Z2CNN, 10 for P4CNN (divided by the square root of the group's order, to keep the parameter count).
 */
public record GridCnnConfig(String group, int inChannels, int classes, int channels, int layers, int lastKernel,
        double dropout, int imageSize) {
    public static final List<String> GROUPS = List.of("Z2", "C4", "D4");

    public GridCnnConfig {
        if (!GROUPS.contains(group)) {
            throw new IllegalArgumentException("group must be one of " + GROUPS + ", got '" + group + "'");
        }
        if (inChannels < 1 || classes < 2 || channels < 1 || layers < 3 || lastKernel < 1 || imageSize < 1) {
            throw new IllegalArgumentException("a grid CNN needs inChannels >= 1, classes >= 2, channels >= 1, "
                    + "layers >= 3 and a positive kernel and image size; got " + this);
        }
        if (channels > 4096 || layers > 64 || imageSize > 4096 || lastKernel > imageSize || inChannels > 4096
                || classes > 100_000) {
            throw new IllegalArgumentException("a grid CNN of at most 4096 channels, 64 layers and 4096x4096 images; "
                    + "got " + this);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (outputSize(imageSize, layers, lastKernel) != 1) {
            throw new IllegalArgumentException(imageSize + "x" + imageSize + " images come out of " + layers
                    + " layers as " + outputSize(imageSize, layers, lastKernel) + "x" + outputSize(imageSize, layers,
                            lastKernel) + ", not one value per class; for 28x28, 7 layers end with a 4x4 kernel");
        }
    }

    /** Z2CNN for 28x28 grey digits: 7 layers of 20 channels, a 4x4 last layer, dropout 0.3. */
    public static GridCnnConfig z2cnn(int classes) {
        return new GridCnnConfig("Z2", 1, classes, 20, 7, 4, 0.3, 28);
    }

    /**
     * P4CNN for 28x28 grey digits: the Z2CNN with p4 convolutions of 10 channels and orientation pooling, and no
     * dropout, as in the authors' experiments code (their P4CNN has its dropout layers commented out).
     */
    public static GridCnnConfig p4cnn(int classes) {
        return new GridCnnConfig("C4", 1, classes, 10, 7, 4, 0.0, 28);
    }

    public boolean equivariant() {
        return !group.equals("Z2");
    }

    /** The side of the maps out of the last layer: valid 3x3 convolutions, the 2x2 pool after layer 2. */
    static int outputSize(int size, int layers, int lastKernel) {
        int s = size;
        for (int l = 0; l < layers; l++) {
            s -= (l == layers - 1 ? lastKernel : 3) - 1;
            if (l == 1) {
                s /= 2;
            }
        }
        return s;
    }

    public JsonObject toJson() {
        return ConfigJson.create().put("group", group).put("inChannels", inChannels).put("classes", classes)
                .put("channels", channels).put("layers", layers).put("lastKernel", lastKernel).put("dropout", dropout)
                .put("imageSize", imageSize).put("layout", "NCHW").json();
    }

    public static GridCnnConfig fromJson(JsonObject json) {
        var f = ConfigJson.of(json, "grid CNN config");
        if (!"NCHW".equals(f.getString("layout", "NCHW"))) {
            throw new IllegalArgumentException("grid CNN config: layout must be NCHW, got " + f.getString("layout"));
        }
        return new GridCnnConfig(f.getString("group"), f.getInt("inChannels"), f.getInt("classes"),
                f.getInt("channels"), f.getInt("layers"), f.getInt("lastKernel"), f.getDouble("dropout"),
                f.getInt("imageSize"));
    }
}
