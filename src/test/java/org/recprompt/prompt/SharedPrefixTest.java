package org.recprompt.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Domain;
import org.recprompt.dataset.Fixtures;
import org.recprompt.dataset.split.CandidateSampler;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;
import org.recprompt.prompt.cli.RenderCommand;

/**
 * The shipped templates put the part every user shares first, so that a provider's prompt cache
 * (which matches prompts by their prefix) can serve it. The rule tested, for every shipped
 * template rendered for two users with different histories, candidates and held-out items: cut
 * the two prompts after their longest common prefix of whole lines; then no line longer than
 * {@value #HEADING} characters occurs in both remainders. Role markers ("=== user ===") and lines
 * naming an item (the user's data; the fixture's items are "Title N" of genre "Genre N") are not
 * counted. In words: every instruction and format rule both users get lies in the common prefix;
 * only short headings, questions and option labels that must sit next to the user's data ("Here
 * are 20 candidate movies:", "(N/A) none of them fits this user") may follow it. A chain is checked
 * up to its first step: later steps follow the model's own answers, which no cache shares.
 */
class SharedPrefixTest {

    static final int HEADING = 80;

    static Stream<Path> templates() throws IOException {
        return ShippedTemplatesTest.templates();
    }

    /** 120 items "Title N" of genre "Genre N"; users r, s and t with six items each, none shared. */
    static Dataset fixture() {
        String[] titles = new String[120];
        String[] genres = new String[120];
        for (int i = 0; i < titles.length; i++) {
            titles[i] = "Title " + (i + 1);
            genres[i] = "Genre " + (i + 1);
        }
        List<String> rows = new java.util.ArrayList<>();
        for (int k = 1; k <= 6; k++) {
            rows.add("r " + k + " 4 " + k);
            rows.add("s " + (k + 10) + " 3 " + k);
            rows.add("t " + (k + 20) + " 5 " + k);
        }
        return Fixtures.withTitles(titles, genres, rows.toArray(String[]::new)).withDomain(Domain.MOVIE);
    }

    static String render(PromptTemplate t, Dataset d, String user) {
        Split split = Splits.leaveLastOut(d);
        int u = d.users().indexOf(user);
        PromptContext ctx = PromptContext.of(split, u).forTemplate(t.meta()).item(split.heldOut(u)[0]);
        if (RenderCommand.usesCandidates(t)) {
            ctx.candidates(CandidateSampler.random(split, t.meta().candidates(), 7).sample(u));
        }
        ctx.step("preferences", "taste of " + user).step("representative", "Title of " + user);
        RenderedPrompt r = TemplateRenderer.render(t, ctx.build());
        if (t.meta().kind() != TemplateKind.CHAIN) {
            return r.toText();
        }
        StringBuilder upToFirstStep = new StringBuilder();
        for (Message m : r.messages()) {
            upToFirstStep.append("=== ").append(m.role()).append(" ===\n").append(m.text()).append('\n');
            if (m.step() != null) {
                break;
            }
        }
        return upToFirstStep.toString();
    }

    /** The longest common prefix of whole lines. */
    static String sharedLines(String a, String b) {
        int n = 0;
        int max = Math.min(a.length(), b.length());
        while (n < max && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return a.substring(0, a.lastIndexOf('\n', n - 1) + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void every_line_both_users_get_lies_in_their_shared_prefix(Path file) throws IOException {
        PromptTemplate t = PromptTemplate.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        Dataset d = fixture();
        String a = render(t, d, "r");
        String b = render(t, d, "s");
        assertThat(a).as("the two users' prompts differ").isNotEqualTo(b);
        String prefix = sharedLines(a, b);
        Set<String> restOfB = new HashSet<>(lines(b.substring(prefix.length())));
        List<String> sharedAfter = lines(a.substring(prefix.length())).stream().filter(restOfB::contains)
                .filter(l -> l.length() > HEADING).toList();
        assertThat(sharedAfter).as("%s: lines both users get after their common prefix:%n%s%n--- prefix:%n%s", file.getFileName(),
                sharedAfter, prefix).isEmpty();
    }

    private static List<String> lines(String s) {
        return Arrays.stream(s.split("\n")).map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("===") && !l.matches(".*(Title|Genre) \\d+.*")).toList();
    }
}
