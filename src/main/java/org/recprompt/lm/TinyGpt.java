package org.recprompt.lm;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.transformer.IdEmbedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A small decoder-only transformer: token and learned position embeddings, {@code layers}
 * {@link DecoderLayer}s, a final LayerNorm and an output layer tied to the token embeddings
 * (logits = h E^T + b, as SASRec and GPT-2 do: one vector per token serves both sides, which halves
 * the parameters of an item-token model and generalises better on small data; b is a learnt
 * per-token bias, where popularity goes). Input: token ids (B, L) as int32; output: next-token
 * logits (B, L, V), position t seeing tokens 0..t only.
 */
final class TinyGpt extends AbstractBlock {

    private final LmSettings settings;
    private final int vocabulary;
    private final IdEmbedding tokens;
    private final IdEmbedding positions;
    private final Dropout dropout;
    private final List<DecoderLayer> decoderLayers = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Parameter outputBias;

    TinyGpt(LmSettings s, int vocabulary) {
        this.settings = s;
        this.vocabulary = vocabulary;
        this.tokens = addChildBlock("tokens", new IdEmbedding.Builder().setDictionarySize(vocabulary)
                .setEmbeddingSize(s.dModel()).build());
        this.positions = addChildBlock("positions", new IdEmbedding.Builder().setDictionarySize(s.window())
                .setEmbeddingSize(s.dModel()).build());
        this.dropout = addChildBlock("dropout", Dropout.builder().optRate((float) s.dropout()).build());
        for (int k = 0; k < s.layers(); k++) {
            decoderLayers.add(addChildBlock("layer" + k, new DecoderLayer(s.dModel(), s.heads(), s.ffn(), (float) s.dropout())));
        }
        this.finalNorm = addChildBlock("finalNorm", LayerNorm.builder().axis(2).build());
        this.outputBias = addParameter(Parameter.builder().setName("outputBias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(vocabulary)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.head();
        NDManager m = ids.getManager();
        long l = ids.getShape().get(1);
        if (l > settings.window()) {
            throw new IllegalArgumentException("a sequence of " + l + " tokens is longer than the window of " + settings.window());
        }
        NDArray x = tokens.forward(ps, new NDList(ids), training).head();
        NDArray pos = positions.forward(ps, new NDList(m.arange((int) l).reshape(1, l)), training).head();
        x = dropout.forward(ps, new NDList(x.add(pos)), training).head();
        NDArray mask = causalMask(m, l);
        for (DecoderLayer layer : decoderLayers) {
            x = layer.forward(ps, new NDList(x, mask), training).head();
        }
        x = finalNorm.forward(ps, new NDList(x), training).head();
        NDArray table = tokens.getValue(ps, x.getDevice(), training);
        NDArray bias = ps.getValue(outputBias, x.getDevice(), training);
        return new NDList(x.matMul(table.transpose()).add(bias));
    }

    /** (1, 1, L, L): 0 on and below the diagonal, -1e9 above it (a position never sees a later one). */
    static NDArray causalMask(NDManager m, long l) {
        float[] v = new float[(int) (l * l)];
        for (int r = 0; r < l; r++) {
            for (int c = r + 1; c < l; c++) {
                v[(int) (r * l + c)] = -1e9f;
            }
        }
        return m.create(v, new Shape(1, 1, l, l));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), vocabulary)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape hidden = new Shape(in.get(0), in.get(1), settings.dModel());
        tokens.initialize(manager, dataType, in);
        positions.initialize(manager, dataType, new Shape(1, in.get(1)));
        dropout.initialize(manager, dataType, hidden);
        for (DecoderLayer layer : decoderLayers) {
            layer.initialize(manager, dataType, hidden, new Shape(1, 1, in.get(1), in.get(1)));
        }
        finalNorm.initialize(manager, dataType, hidden);
    }
}
