package org.erlangen.gnn.links;

import java.util.function.Predicate;
import org.erlangen.gnn.models.GnnModel;
import org.erlangen.nn.Module;
import org.erlangen.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What a link-prediction run trains: a graph model that embeds every node (the encoder) and the decoder that turns
 * two embeddings into a pair's logit.
 */
public final class LinkModel extends Module {
    private static final String ENCODER = "encoder";

    /** The encoder's first layer, as {@link GnnModel#FIRST_LAYER} names it inside the encoder. */
    public static final Predicate<String> FIRST_LAYER = name -> name.startsWith(ENCODER + ".")
            && GnnModel.FIRST_LAYER.test(name.substring(ENCODER.length() + 1));

    private final GnnModel encoder;
    private final LinkLogits decoder;

    public LinkModel(GnnModel encoder, DataType dtype) {
        this.encoder = child(ENCODER, encoder);
        this.decoder = child("decoder", new LinkLogits(dtype));
    }

    public GnnModel encoder() {
        return encoder;
    }

    public LinkLogits decoder() {
        return decoder;
    }

    /** The training loss of {@code links} against {@code nonLinks} ({@link LinkLogits#loss}). */
    public Tensor loss(Tensor embeddings, PairPattern links, PairPattern nonLinks) {
        return decoder.loss(embeddings, links, nonLinks);
    }

    /** The logits of {@code pairs} for node embeddings {@code embeddings}, in the pattern's order. */
    public Tensor logits(Tensor embeddings, PairPattern pairs) {
        return decoder.logits(embeddings, pairs);
    }
}
