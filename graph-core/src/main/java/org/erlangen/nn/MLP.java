package org.erlangen.nn;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A multi-layer perceptron over widths {@code [in, h1, ..., out]}. Every layer but the last is
 * {@code linear -> norm -> activation -> dropout}; the last is a plain linear map (PyTorch Geometric's {@code MLP}
 * with {@code plain_last=True}); with {@link Builder#activateLast} the last is followed by the activation as well.
 * Parameters are named {@code lins.i.weight}, {@code lins.i.bias} and
 * {@code norms.i.*}; weights use this project's {@code [in, out]} layout (see {@link Linear}).
 */
public final class MLP extends Module implements Layer {
    /** Normalisation between layers. */
    public enum Norm {
        NONE, BATCH, LAYER;

        public static Norm of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown norm '" + name + "'; expected none, batch or layer", e);
            }
        }
    }

    private final int[] widths;
    private final Activation activation;
    private final boolean activateLast;
    private final ModuleList<Linear> lins;
    private final ModuleList<Module> norms;
    private final ModuleList<Dropout> dropouts;

    private MLP(Builder b) {
        this.widths = b.widths.clone();
        this.activation = b.activation;
        this.activateLast = b.activateLast;
        SplittableRandom root = new SplittableRandom(b.seed);
        // one stream for weights, one for dropout masks, so turning dropout on does not change the initial weights
        SplittableRandom initRng = root.split();
        SplittableRandom dropoutRng = root.split();
        this.lins = child("lins", new ModuleList<>());
        this.norms = b.norm == Norm.NONE ? null : child("norms", new ModuleList<>());
        this.dropouts = b.dropout > 0 ? new ModuleList<>() : null;
        for (int i = 0; i + 1 < widths.length; i++) {
            lins.add(new Linear(widths[i], widths[i + 1], b.bias, b.init, initRng, b.dtype));
            boolean hidden = i + 2 < widths.length;
            if (hidden && norms != null) {
                norms.add(b.norm == Norm.BATCH ? new BatchNorm(widths[i + 1], BatchNorm.DEFAULT_EPS,
                        BatchNorm.DEFAULT_MOMENTUM, true, b.dtype)
                        : new LayerNorm(widths[i + 1], LayerNorm.DEFAULT_EPS, true, b.dtype));
            }
            if (hidden && dropouts != null) {
                dropouts.add(new Dropout(b.dropout, dropoutRng));
            }
        }
        if (dropouts != null) {
            child("dropouts", dropouts); // no parameters; registered so train()/eval() reach them
        }
    }

    public static Builder builder(int... widths) {
        return new Builder(widths);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        int last = lins.size() - 1;
        for (int i = 0; i <= last; i++) {
            boolean activated = i < last || activateLast;
            if (activated && norms == null && activation == Activation.RELU) {
                h = lins.get(i).forward(h, true); // bias and ReLU fused into the product
                if (dropouts != null && i < last) {
                    h = dropouts.get(i).forward(h);
                }
                continue;
            }
            h = lins.get(i).forward(h);
            if (i == last && activateLast) {
                h = activation.apply(h);
            }
            if (i < last) {
                if (norms != null) {
                    h = ((Layer) norms.get(i)).forward(h);
                }
                h = activation.apply(h);
                if (dropouts != null) {
                    h = dropouts.get(i).forward(h);
                }
            }
        }
        return h;
    }

    public int[] widths() {
        return widths.clone();
    }

    public Linear layer(int i) {
        return lins.get(i);
    }

    public int depth() {
        return lins.size();
    }

    /** Options for an {@link MLP}; defaults: ReLU, no dropout, no norm, bias, Glorot-uniform, float32, seed 0. */
    public static final class Builder {
        private final int[] widths;
        private Activation activation = Activation.RELU;
        private boolean activateLast;
        private double dropout;
        private Norm norm = Norm.NONE;
        private boolean bias = true;
        private Init.Scheme init = Init.Scheme.GLOROT_UNIFORM;
        private DataType dtype = Init.DEFAULT_DTYPE;
        private long seed;

        private Builder(int[] widths) {
            if (widths.length < 2) {
                throw new IllegalArgumentException("an MLP needs at least an input and an output width, got "
                        + Arrays.toString(widths));
            }
            for (int w : widths) {
                if (w < 1) {
                    throw new IllegalArgumentException("MLP widths must be positive, got " + Arrays.toString(widths));
                }
            }
            this.widths = widths.clone();
        }

        public Builder activation(Activation a) {
            this.activation = a;
            return this;
        }

        /**
         * Whether the last layer is followed by the activation too (without norm or dropout): for a layer whose output
         * goes through the same activation anyway, as GIN's in a stack, so it can be fused into the last product.
         */
        public Builder activateLast(boolean on) {
            this.activateLast = on;
            return this;
        }

        public Builder dropout(double p) {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException("MLP dropout must be in [0, 1), got " + p);
            }
            this.dropout = p;
            return this;
        }

        public Builder norm(Norm n) {
            this.norm = n;
            return this;
        }

        public Builder bias(boolean on) {
            this.bias = on;
            return this;
        }

        public Builder init(Init.Scheme scheme) {
            this.init = scheme;
            return this;
        }

        public Builder dtype(DataType t) {
            this.dtype = t;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public MLP build() {
            return new MLP(this);
        }
    }
}
