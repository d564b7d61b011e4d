package org.recprompt.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.DatasetLoader;

/**
 * The matcher against the team's hand-labelled movie answers (src/test/resources/grounding, see its
 * README): 271 answers in the styles of real models with 1,967 labelled slots, scored by
 * {@link LabelledSetEvaluation}; precision and recall are printed with every miss.
 */
class LabelledSetTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LabelledSetTest.class);

    @TempDir
    Path dir;

    @Test
    void matcher_precision_and_recall_on_the_labelled_set() throws Exception {
        try (InputStream in = LabelledSetTest.class.getResourceAsStream("/grounding/catalog.csv")) {
            Files.write(dir.resolve("movies.csv"), in.readAllBytes());
        }
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4,1\n");
        Dataset catalog = DatasetLoader.load(dir);
        LabelledSetEvaluation.Result r = LabelledSetEvaluation.evaluate(catalog.items(),
                LabelledSetEvaluation.answers("/grounding/labelled.jsonl"));
        LOG.info(r.summary("Grounding labelled set (movies)"));
        r.misses().forEach(m -> LOG.info("  {}", m));
        assertThat(r.answers()).isGreaterThanOrEqualTo(200);
        assertThat(r.precision()).as("matcher precision").isGreaterThanOrEqualTo(0.97);
        assertThat(r.recall()).as("matcher recall").isGreaterThanOrEqualTo(0.95);
        assertThat(r.statusAgreement()).as("response status agreement").isGreaterThanOrEqualTo(0.9);
    }
}
