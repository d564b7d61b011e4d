package org.recprompt.prompt.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.cli.DatasetCommand;
import org.recprompt.dataset.cli.SplitOptions;
import org.recprompt.dataset.split.CandidateSampler;
import org.recprompt.dataset.split.Split;
import org.recprompt.prompt.PromptContext;
import org.recprompt.prompt.PromptTemplate;
import org.recprompt.prompt.RenderedPrompt;
import org.recprompt.prompt.TemplateRenderer;
import org.recprompt.prompt.fewshot.FewShotSampler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recprompt render}: a template rendered for one user of a dataset, with role headers
 * between the messages. The history is the user's training data under a temporal
 * leave-last-out split, or under a predefined split's files ({@code --train --test [--valid]}); candidates (when the template uses them) are C items with the held-out
 * one among them, sampled with the seed.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render a prompt template for one user of a dataset and print it.")
public final class RenderCommand implements Callable<Integer> {

    @Option(names = "--dataset", required = true, paramLabel = "PATH", description = "The dataset's folder or main file.")
    Path dataset;

    @Option(names = "--template", required = true, paramLabel = "FILE", description = "The template file.")
    Path template;

    @Option(names = "--user", required = true, paramLabel = "ID", description = "The user's id in the dataset.")
    String user;

    @Option(names = "--candidates", paramLabel = "C", description = "Number of candidates (default: the template's, else 20).")
    Integer candidates;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "Seed for candidates and examples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--history", paramLabel = "N", description = "Show only the N most recent history items.")
    Integer history;

    @Option(names = "--item", paramLabel = "ID", description = "The item in question (default: the user's held-out item).")
    String item;

    @Option(names = "--examples", paramLabel = "N", defaultValue = "0", description = "Few-shot examples drawn from other users' training data.")
    int examples;

    @Option(names = "--sensitive", paramLabel = "ATTR=VALUE", description = "Fairness probe: e.g. gender=female.")
    String sensitive;

    @Option(names = "--real-ids", description = "Show the dataset's user id instead of a pseudonym.")
    boolean realIds;

    @Option(names = "--json", description = "Print the rendered messages as JSON.")
    boolean json;

    @Mixin
    DatasetCommand.ReadOptions read = new DatasetCommand.ReadOptions();

    @Mixin
    SplitOptions splitFiles = new SplitOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PromptTemplate t = PromptTemplate.parse(Files.readString(template, StandardCharsets.UTF_8), template.toString());
        Dataset d = read.load(dataset);
        int u = d.users().indexOf(user);
        if (u < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "There is no user " + user + " in " + dataset + ".");
        }
        Split split = splitFiles.split(d, spec.commandLine());
        PromptContext ctx = PromptContext.of(split, u).forTemplate(t.meta());
        if (history != null) {
            ctx.historyLimit(history);
        }
        if (realIds) {
            ctx.realUserIds();
        }
        int[] heldOut = split.heldOut(u);
        int c = candidates != null ? candidates : t.meta().candidates();
        boolean withCandidates = usesCandidates(t) || candidates != null;
        if (withCandidates) {
            if (heldOut.length == 0) {
                throw new IllegalArgumentException("User " + user + " has no held-out item to build candidates around.");
            }
            ctx.candidates(CandidateSampler.random(split, c, seed).sample(u));
        }
        if (item != null) {
            int i = d.items().indexOf(item);
            if (i < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "There is no item " + item + " in " + dataset + ".");
            }
            ctx.item(i);
        } else if (heldOut.length > 0) {
            ctx.item(heldOut[0]);
        }
        if (sensitive != null) {
            String[] kv = sensitive.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--sensitive takes ATTRIBUTE=VALUE, e.g. gender=female.");
            }
            ctx.sensitive(kv[0].strip(), kv[1].strip());
        }
        if (examples > 0) {
            // Examples take the template's shape: with C candidates (the answer among them) when it offers candidates.
            FewShotSampler sampler = new FewShotSampler(split, FewShotSampler.Strategy.RANDOM, seed, withCandidates ? c : 0);
            ctx.examples(sampler.sample(u, examples).render(split, t.meta()));
        }
        RenderedPrompt r = TemplateRenderer.render(t, ctx.build());
        var out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("template", r.template());
            m.put("version", r.version());
            m.put("estimated_tokens", r.estimatedTokens());
            m.put("messages", r.messages());
            if (r.userSide() != null) {
                m.put("user_side", r.userSide());
                m.put("item_sides", r.itemSides());
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
        } else {
            out.print(r.toText());
        }
        out.flush();
        return 0;
    }

    /** Whether the template shows candidates (so rendering it needs a candidate set). */
    public static boolean usesCandidates(PromptTemplate t) {
        return t.blocks().stream().anyMatch(b -> b.text().contains("candidates") || b.text().contains("candidate_titles")
                || b.text().contains("{{C}}")) || t.meta().kind() == org.recprompt.prompt.TemplateKind.SCORING_PAIR
                || t.meta().kind() == org.recprompt.prompt.TemplateKind.CHOICE;
    }

}
