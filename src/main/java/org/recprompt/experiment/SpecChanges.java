package org.recprompt.experiment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * What changed between the experiment a run was made from (its folder's canonical copy,
 * {@code experiment.yaml}) and the experiment now: the top-level keys whose values differ. The
 * name and where the dataset lies are not changes (a renamed experiment, or a project moved to
 * another machine, is the same experiment). Used to say why a resume is refused.
 */
final class SpecChanges {

    private static final YAMLMapper YAML = new YAMLMapper();

    private SpecChanges() {
    }

    /** Why a folder's run cannot be resumed with this setup: what changed, as far as the folder's copy of the experiment tells. */
    static String refusal(java.nio.file.Path folder, RunSetup setup, String before) throws java.io.IOException {
        java.nio.file.Path copy = folder.resolve(ExperimentRun.SPEC_COPY);
        List<String> keys = java.nio.file.Files.isRegularFile(copy)
                ? between(java.nio.file.Files.readString(copy), ExperimentYaml.write(setup.spec())) : List.of();
        String what = keys.isEmpty() ? "a template, the dataset or the user sample changed"
                : "the experiment's " + String.join(", ", keys) + " changed";
        return "the run in " + folder + " was made from a different experiment (fingerprint " + before + ", now "
                + setup.fingerprint() + "): " + what + " since it started; resuming would mix answers of two experiments."
                + " Undo the change, or run the experiment into another folder";
    }

    /** The top-level keys that differ, in the order they are written; empty when the specs agree (or one cannot be read). */
    static List<String> between(String before, String now) {
        Map<String, Object> a = read(before);
        Map<String, Object> b = read(now);
        if (a == null || b == null) {
            return List.of();
        }
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (!"name".equals(k) && !Objects.equals(comparable(k, a.get(k)), comparable(k, b.get(k)))) {
                out.add(k);
            }
        }
        return out;
    }

    private static Object comparable(String key, Object value) {
        if ("dataset".equals(key) && value instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new java.util.LinkedHashMap<>(m);
            copy.remove("path");
            return copy;
        }
        return value;
    }

    private static Map<String, Object> read(String text) {
        if (text == null) {
            return null;
        }
        try {
            return YAML.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
