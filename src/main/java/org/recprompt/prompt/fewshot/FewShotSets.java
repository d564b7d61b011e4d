package org.recprompt.prompt.fewshot;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/** Few-shot sets as YAML (name, strategy, seed, examples with user, history, candidates, answer, note). */
public final class FewShotSets {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private FewShotSets() {
    }

    public static String toYaml(FewShotSet set) {
        try {
            return YAML.writeValueAsString(set);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a set; a problem names the line and the field. */
    public static FewShotSet fromYaml(String yaml, String origin) {
        try {
            FewShotSet set = YAML.readValue(yaml, FewShotSet.class);
            if (set.name() == null || set.name().isBlank()) {
                throw new IllegalArgumentException(origin + ": the set has no 'name'");
            }
            for (int k = 0; k < set.examples().size(); k++) {
                FewShotExample e = set.examples().get(k);
                if (e.user() == null || e.answer().isEmpty() && e.note().isEmpty()) {
                    throw new IllegalArgumentException(origin + ": example " + (k + 1) + " needs a 'user' and an 'answer' (or a 'note')");
                }
            }
            return set;
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(origin + ": unknown field '" + e.getPropertyName() + "' (known: "
                    + String.join(", ", e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList()) + ")");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var loc = e.getLocation();
            throw new IllegalArgumentException(origin + (loc == null ? "" : " line " + loc.getLineNr()) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("not valid YAML"));
        }
    }
}
