package org.recprompt.lm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.recprompt.base.ProgressMonitor;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.DatasetLoader;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;

/**
 * Everything "Train model..." does, for the workbench and the benchmark alike: load the dataset,
 * split it leave-last-out (the experiments' default protocol, so the held-out items are the ones
 * runs evaluate on), build the vocabulary and the training corpus, train, evaluate against
 * most-popular, and save the folder.
 */
public final class ModelTraining {

    /** Users the evaluation ranks for (all when fewer), and users it generates titles for (word tokens). */
    public static final int EVALUATION_USERS = 1000;
    /** A word model scores every candidate title token by token: fewer users keep its evaluation near a minute. */
    public static final int WORD_EVALUATION_USERS = 250;
    public static final int GENERATION_USERS = 30;

    public record Outcome(ModelStore.Manifest manifest, LmTrainer.Result result, Map<String, Object> metrics, Path folder) {
    }

    private ModelTraining() {
    }

    public static Outcome run(Path datasetPath, Path modelFolder, LmSettings settings, Clock clock, ProgressMonitor monitor)
            throws IOException {
        monitor.message("loading " + datasetPath);
        Dataset d = DatasetLoader.load(datasetPath);
        Split split = Splits.leaveLastOut(d);
        return run(d, split, datasetPath.toString(), modelFolder, settings, clock, monitor);
    }

    public static Outcome run(Dataset d, Split split, String datasetPath, Path modelFolder, LmSettings settings, Clock clock,
            ProgressMonitor monitor) throws IOException {
        Vocabulary v = Vocabulary.build(d.items(), settings.tokenisation(), ModelEvaluation.popularity(split),
                settings.minItemUsers());
        TrainingCorpus corpus = TrainingCorpus.of(split, v);
        LmTrainer.Result r = LmTrainer.train(corpus, settings, monitor);
        try (LanguageModel model = r.model()) {
            Map<String, Object> metrics = new LinkedHashMap<>();
            if (r.stop() != LmTrainer.Stop.CANCELLED) {
                monitor.message("evaluating against most-popular");
                int users = settings.tokenisation() == Tokenisation.ITEM ? EVALUATION_USERS : WORD_EVALUATION_USERS;
                metrics = ModelEvaluation.evaluate(new P5Scorer(model, split), split, users, GENERATION_USERS,
                        settings.seed(), ProgressMonitor.NONE);
            }
            metrics.put("training", Map.of("tokens_per_second", r.tokensPerSecond(), "final_loss", r.finalLoss(),
                    "steps", r.steps(), "seconds", r.seconds(), "stop", r.stop().name().toLowerCase(java.util.Locale.ROOT)));
            String name = modelFolder.getFileName().toString();
            ModelStore.Manifest m = new ModelStore.Manifest(name, settings, d.name(), datasetPath, split.method(),
                    corpus.fingerprint(), v.size(), model.parameterCount(), r.steps(), r.targetTokens(), r.seconds(),
                    r.stop().name().toLowerCase(java.util.Locale.ROOT), clock.instant().toString());
            ModelStore.save(modelFolder, m, model, r.curve(), metrics);
            return new Outcome(m, r, metrics, modelFolder);
        }
    }
}
