package org.recprompt.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-norm decoder layer (GPT-2 style, Radford et al. 2019): x + Attn(LN(x)), then
 * x + FFN(LN(x)), with causal multi-head self-attention. Written here rather than taken from DJL:
 * its TransformerEncoderBlock normalises across positions, which leaks the future into a causal
 * model, and its attention block reads masks as 0/1 keep-masks. LayerNorm is over the last axis only.
 * Inputs: the hidden states (B, L, E) and an additive mask (1, 1, L, L) with a large negative value
 * above the diagonal.
 */
final class DecoderLayer extends AbstractBlock {

    private final int dModel;
    private final int heads;
    private final int ffn;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear out;
    private final Linear up;
    private final Linear down;
    private final Dropout dropout;

    DecoderLayer(int dModel, int heads, int ffn, float dropout) {
        this.dModel = dModel;
        this.heads = heads;
        this.ffn = ffn;
        this.norm1 = addChildBlock("norm1", LayerNorm.builder().axis(2).build());
        this.query = addChildBlock("query", Linear.builder().setUnits(dModel).build());
        this.key = addChildBlock("key", Linear.builder().setUnits(dModel).build());
        this.value = addChildBlock("value", Linear.builder().setUnits(dModel).build());
        this.out = addChildBlock("out", Linear.builder().setUnits(dModel).build());
        this.norm2 = addChildBlock("norm2", LayerNorm.builder().axis(2).build());
        this.up = addChildBlock("up", Linear.builder().setUnits(ffn).build());
        this.down = addChildBlock("down", Linear.builder().setUnits(dModel).build());
        this.dropout = addChildBlock("dropout", Dropout.builder().optRate(dropout).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        long b = x.getShape().get(0);
        long l = x.getShape().get(1);
        long h = dModel / heads;
        NDArray a = norm1.forward(ps, new NDList(x), training).head();
        NDArray q = heads(query.forward(ps, new NDList(a), training).head(), b, l, h);
        NDArray k = heads(key.forward(ps, new NDList(a), training).head(), b, l, h);
        NDArray v = heads(value.forward(ps, new NDList(a), training).head(), b, l, h);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul((float) (1 / Math.sqrt(h))).add(mask);
        NDArray attended = scores.softmax(3).matMul(v).transpose(0, 2, 1, 3).reshape(b, l, dModel);
        NDArray projected = out.forward(ps, new NDList(attended), training).head();
        x = x.add(dropout.forward(ps, new NDList(projected), training).head());
        NDArray f = norm2.forward(ps, new NDList(x), training).head();
        f = Activation.gelu(up.forward(ps, new NDList(f), training).head());
        f = down.forward(ps, new NDList(f), training).head();
        return new NDList(x.add(dropout.forward(ps, new NDList(f), training).head()));
    }

    /** (B, L, E) to (B, heads, L, E / heads). */
    private NDArray heads(NDArray x, long b, long l, long h) {
        return x.reshape(b, l, heads, h).transpose(0, 2, 1, 3);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape hidden = new Shape(x.get(0), x.get(1), ffn);
        norm1.initialize(manager, dataType, x);
        norm2.initialize(manager, dataType, x);
        query.initialize(manager, dataType, x);
        key.initialize(manager, dataType, x);
        value.initialize(manager, dataType, x);
        out.initialize(manager, dataType, x);
        up.initialize(manager, dataType, x);
        down.initialize(manager, dataType, hidden);
        dropout.initialize(manager, dataType, x);
    }
}
