package org.recprompt.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/** The templates shipped in the jar (the project's {@code prompt-templates/} folder). */
@Component
public class TemplateLibrary {

    private final List<PromptTemplate> templates;

    public TemplateLibrary() {
        List<PromptTemplate> out = new ArrayList<>();
        try {
            for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:prompt-templates/*.mustache")) {
                try (InputStream in = r.getInputStream()) {
                    out.add(PromptTemplate.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                            "prompt-templates/" + r.getFilename()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the shipped templates: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(PromptTemplate::name));
        this.templates = List.copyOf(out);
    }

    public List<PromptTemplate> all() {
        return templates;
    }

    public Optional<PromptTemplate> byName(String name) {
        return templates.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
