package org.recprompt.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Fixtures;
import org.recprompt.dataset.split.CandidateSampler;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;

/** A catalog's item fields computed once give the same maps, and the same prompts, as fields computed per item. */
class ItemTextsTest {

    private static final String[] TITLES = {"Toy Story (1995)", "Tom & Jerry (1992)", "No Year", "Heat (1995) ",
        "Held Out (2000)", "Movie 6", "Movie 7", "Movie 8", "Movie 9", "Movie 10"};
    private static final String[] GENRES = {"Animation|Comedy", "", "Drama", "Action|Crime|Thriller", "Drama",
        "Comedy", "", "", "", ""};

    private static Dataset fixture() {
        return Fixtures.withTitles(TITLES, GENRES,
                "u1 1 4 100", "u1 2 5 200", "u1 3 3 300", "u1 4 4.5 400", "u1 5 4 500",
                "u2 6 3 100", "u2 7 3 200", "u2 8 3 300", "u2 4 2 400");
    }

    @Test
    void fields_equal_those_computed_for_each_item_and_keep_their_order() {
        Dataset d = fixture();
        ItemTexts texts = new ItemTexts(d.items());
        for (int i = 0; i < d.items().size(); i++) {
            Map<String, Object> once = texts.fields(i);
            assertThat(once).isEqualTo(ItemTexts.of(d.items(), i));
            assertThat(List.copyOf(once.keySet())).containsExactly("title", "name", "year", "genres", "authors",
                    "has_authors", "image", "has_image");
            assertThat(texts.fields(i)).isEqualTo(once); // the second time, from the memo
        }
        int toyStory = d.items().indexOf("1");
        assertThat(texts.fields(toyStory)).containsEntry("name", "Toy Story").containsEntry("year", "1995")
                .containsEntry("genres", "Animation, Comedy").containsEntry("has_image", false);
        assertThat(texts.fields(d.items().indexOf("4"))).containsEntry("name", "Heat");
        assertThat(texts.fields(d.items().indexOf("3"))).containsEntry("name", "No Year");
    }

    @Test
    void each_caller_gets_a_map_of_its_own() {
        Dataset d = fixture();
        ItemTexts texts = new ItemTexts(d.items());
        Map<String, Object> first = texts.fields(0);
        first.put("rating", "5");
        first.put("title", "changed");
        assertThat(texts.fields(0)).doesNotContainKey("rating").containsEntry("title", TITLES[0]);
    }

    @Test
    void a_prompt_is_the_same_with_the_catalogs_fields_as_without() {
        Dataset d = fixture();
        Split split = Splits.leaveLastOut(d);
        ItemTexts texts = new ItemTexts(d.items());
        PromptTemplate t = PromptTemplate.parse("""
                ---
                name: every-field
                ---
                [user]
                {{#history}}
                {{position}}. {{title}} | {{name}} | {{year}} | {{genres}} | {{rating}} | {{recency}}
                {{/history}}
                Last: {{last.name}}
                {{#candidates}}
                [{{letter}}] {{title}} ({{genres}})
                {{/candidates}}
                Item: {{item.name}} {{item.year}}
                """, "every-field.mustache");
        for (String id : List.of("u1", "u2")) {
            int u = d.users().indexOf(id);
            var candidates = CandidateSampler.random(split, 3, 7).sample(u);
            Map<String, Object> plain = PromptContext.of(split, u).candidates(candidates).item(0).build();
            Map<String, Object> memo = PromptContext.of(split, u).itemTexts(texts).candidates(candidates).item(0).build();
            assertThat(memo).isEqualTo(plain);
            assertThat(TemplateRenderer.render(t, memo).messages()).isEqualTo(TemplateRenderer.render(t, plain).messages());
        }
    }

    @Test
    void fields_of_another_catalog_are_refused() {
        Split split = Splits.leaveLastOut(fixture());
        ItemTexts other = new ItemTexts(fixture().items());
        assertThatThrownBy(() -> PromptContext.of(split, 0).itemTexts(other))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another catalog");
    }
}
