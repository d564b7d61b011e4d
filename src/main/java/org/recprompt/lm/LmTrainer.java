package org.recprompt.lm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.recprompt.base.ProgressMonitor;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * Trains a {@link TinyGpt} on a {@link TrainingCorpus} by next-token prediction: the mean
 * cross-entropy over non-padding targets, AdamW (weight decay 0.01) with a linear warm-up over the
 * first 5% of the steps then a cosine decay to a tenth of the peak rate ({@link Schedule}),
 * gradients clipped at 1.
 * Windows are shuffled per epoch with a {@link Random} seeded from the settings, and the engine's
 * generator (initialisation, dropout) is seeded too, so the same settings on the same corpus and
 * machine give the same loss curve. Training stops after the epochs, at the time budget, or when
 * the monitor is cancelled (the model trained so far is kept). One NDManager per step keeps the
 * native memory flat.
 */
public final class LmTrainer {

    /** One point of the training curve: the mean loss over the steps since the previous point. */
    public record LossPoint(int step, double epoch, double seconds, double loss) {
    }

    /** Why training ended. */
    public enum Stop { EPOCHS, TIME_BUDGET, CANCELLED }

    public record Result(LanguageModel model, List<LossPoint> curve, long steps, long targetTokens, double seconds,
            Stop stop) {

        public double tokensPerSecond() {
            return seconds <= 0 ? 0 : targetTokens / seconds;
        }

        public double finalLoss() {
            return curve.isEmpty() ? Double.NaN : curve.get(curve.size() - 1).loss();
        }
    }

    /** Points on the curve per epoch (at least one point per step when epochs are short). */
    static final int POINTS_PER_EPOCH = 20;

    private LmTrainer() {
    }

    static Model newModel(LmSettings s, Vocabulary v) {
        Engine.getInstance().setRandomSeed((int) (s.seed() ^ (s.seed() >>> 32)));
        Model model = Model.newInstance("p5-" + s.tokenisation().id());
        TinyGpt block = new TinyGpt(s, v.size());
        block.setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, s.window()));
        model.setBlock(block);
        return model;
    }

    public static Result train(TrainingCorpus corpus, LmSettings s, ProgressMonitor monitor) {
        long t0 = System.nanoTime();
        Vocabulary v = corpus.vocabulary();
        List<int[]> windows = corpus.windows(s.window());
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("the training split has no user with two or more training interactions");
        }
        int stepsPerEpoch = (windows.size() + s.batch() - 1) / s.batch();
        int plannedSteps = s.epochs() == 0 ? Integer.MAX_VALUE : stepsPerEpoch * s.epochs();
        int scheduleSteps = s.epochs() == 0 ? stepsPerEpoch * 10 : plannedSteps;
        Model model = newModel(s, v);
        float lr = (float) s.learningRate();
        Schedule schedule = new Schedule(lr, scheduleSteps);
        Optimizer adamW = Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays(0.01f).optClipGrad(1f).build();
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adamW);
        List<LossPoint> curve = new ArrayList<>();
        Random shuffle = new Random(s.seed());
        int every = Math.max(1, stepsPerEpoch / POINTS_PER_EPOCH);
        long budgetNanos = s.timeBudgetSeconds() * 1_000_000_000L;
        long tokens = 0;
        int step = 0;
        Stop stop = Stop.EPOCHS;
        monitor.begin(1000);
        long reported = 0;
        try (Trainer trainer = model.newTrainer(config)) {
            double sum = 0;
            int n = 0;
            outer:
            for (int epoch = 0; s.epochs() == 0 || epoch < s.epochs(); epoch++) {
                if (epoch > 0 && budgetNanos > 0) {
                    // the time budget will end training before the planned steps: decay over the steps it leaves
                    long elapsed = System.nanoTime() - t0;
                    long fit = step + (long) ((budgetNanos - elapsed) / ((double) elapsed / step));
                    schedule.plan(s.epochs() == 0 ? fit : Math.min(plannedSteps, fit));
                }
                List<List<int[]>> batches = batches(windows, s.batch(), shuffle);
                for (List<int[]> batch : batches) {
                    if (monitor.isCancelled()) {
                        stop = Stop.CANCELLED;
                        break outer;
                    }
                    if (budgetNanos > 0 && System.nanoTime() - t0 >= budgetNanos) {
                        stop = Stop.TIME_BUDGET;
                        break outer;
                    }
                    double loss = step(trainer, batch);
                    tokens += batch.stream().mapToLong(w -> w.length - 1).sum();
                    step++;
                    sum += loss;
                    n++;
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    if (step % every == 0 || step == plannedSteps) {
                        curve.add(new LossPoint(step, (double) step / stepsPerEpoch, seconds, sum / n));
                        monitor.message(String.format(Locale.ROOT, "epoch %d, step %d, loss %.3f, %.0f tokens/s",
                                epoch + 1, step, sum / n, tokens / Math.max(seconds, 1e-9)));
                        sum = 0;
                        n = 0;
                    }
                    double fraction = Math.max((double) step / plannedSteps,
                            budgetNanos > 0 ? (System.nanoTime() - t0) / (double) budgetNanos : 0);
                    long permille = Math.min(1000, (long) (fraction * 1000));
                    if (permille > reported) {
                        monitor.worked(permille - reported);
                        reported = permille;
                    }
                }
            }
            if (n > 0) {
                curve.add(new LossPoint(step, (double) step / stepsPerEpoch, (System.nanoTime() - t0) / 1e9, sum / n));
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(new LanguageModel(s, v, model, (TinyGpt) model.getBlock()), List.copyOf(curve), step, tokens,
                seconds, stop);
    }

    /**
     * The learning rate: a linear warm-up from a hundredth of the peak over the first 5% of the
     * planned steps, then a cosine decay to a tenth of the peak at the planned end. The plan is
     * revised when a time budget will stop training before the planned epochs, so the decay still
     * completes (only then does the curve depend on the machine's speed).
     */
    static final class Schedule implements Tracker {

        private final float peak;
        private volatile long total;
        private volatile long warmUp;

        Schedule(float peak, long total) {
            this.peak = peak;
            plan(total);
        }

        void plan(long steps) {
            total = Math.max(1, steps);
            warmUp = Math.max(1, total / 20);
        }

        long total() {
            return total;
        }

        @Override
        public float getNewValue(int update) {
            long w = warmUp;
            long t = total;
            if (update < w) {
                return peak / 100 + (peak - peak / 100) * update / w;
            }
            double progress = Math.min(1.0, (double) (update - w) / Math.max(1, t - w));
            return (float) (peak / 10 + (peak - peak / 10) * 0.5 * (1 + Math.cos(Math.PI * progress)));
        }
    }

    /**
     * One epoch's batches: the windows shuffled, then sorted by length (a stable sort, so windows of
     * one length stay shuffled), cut into batches of {@code size}, and the batches shuffled. A batch
     * is padded only to its own longest window, so grouping similar lengths spends the step on
     * tokens rather than padding (on ml-latest-small a third of a randomly mixed batch is padding).
     */
    static List<List<int[]>> batches(List<int[]> windows, int size, Random shuffle) {
        List<int[]> order = new ArrayList<>(windows);
        Collections.shuffle(order, shuffle);
        order.sort(java.util.Comparator.comparingInt(w -> w.length));
        List<List<int[]>> out = new ArrayList<>();
        for (int from = 0; from < order.size(); from += size) {
            out.add(order.subList(from, Math.min(order.size(), from + size)));
        }
        Collections.shuffle(out, shuffle);
        return out;
    }

    /** One optimiser step on a batch of windows (inputs: all but the last token; targets: all but the first). */
    private static double step(Trainer trainer, List<int[]> batch) {
        int b = batch.size();
        int len = batch.stream().mapToInt(w -> w.length - 1).max().orElse(1);
        int[] in = new int[b * len];
        long[] target = new long[b * len];
        float[] weight = new float[b * len];
        for (int k = 0; k < b; k++) {
            int[] w = batch.get(k);
            for (int j = 0; j + 1 < w.length; j++) {
                in[k * len + j] = w[j];
                target[k * len + j] = w[j + 1];
                weight[k * len + j] = w[j + 1] == Vocabulary.PAD ? 0 : 1;
            }
        }
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray x = m.create(in, new Shape(b, len));
            NDArray y = m.create(target, new Shape(b, len, 1));
            NDArray mask = m.create(weight, new Shape(b, len));
            float value;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).head();
                NDArray picked = logits.logSoftmax(2).gather(y, 2).reshape(b, len);
                NDArray loss = picked.mul(mask).sum().neg().div(mask.sum());
                gc.backward(loss);
                value = loss.getFloat();
            }
            trainer.step();
            return value;
        }
    }
}
