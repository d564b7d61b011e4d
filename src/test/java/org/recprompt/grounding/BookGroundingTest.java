package org.recprompt.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.recprompt.dataset.IdIndex;
import org.recprompt.dataset.Items;
import org.recprompt.metrics.grounding.SlotOutcome;

/** Books named with their authors, by other names, without subtitles and inside prose. */
class BookGroundingTest {

    static final String[][] BOOKS = {
        // id, title, authors, original title, year
        {"1", "Invisible", "Paul Auster", "", "2009"},
        {"2", "Invisible", "James Patterson|David Ellis", "", "2014"},
        {"3", "Gone Girl", "Gillian Flynn", "", "2012"},
        {"4", "The Hunger Games (The Hunger Games, #1)", "Suzanne Collins", "", "2008"},
        {"5", "Catching Fire (The Hunger Games, #2)", "Suzanne Collins", "", "2009"},
        {"6", "1984", "George Orwell", "Nineteen Eighty-Four", "1949"},
        {"7", "Harry Potter and the Sorcerer's Stone (Harry Potter, #1)", "J.K. Rowling|Mary GrandPré",
            "Harry Potter and the Philosopher's Stone", "1997"},
        {"8", "Sapiens: A Brief History of Humankind", "Yuval Noah Harari", "", "2011"},
        {"9", "Dune: Messiah", "Frank Herbert", "", "1969"},
        {"10", "Stand by Me", "Stephen King", "", "1982"},
        {"11", "The Road", "Cormac McCarthy", "", "2006"},
        {"12", "Inferno (The Divine Comedy #1)", "Dante Alighieri", "", "1320"},
    };

    static final Items ITEMS = items();
    static final Grounder GROUNDER = new Grounder(new CatalogMatcher(ITEMS));

    static Items items() {
        IdIndex ids = new IdIndex();
        String[] titles = new String[BOOKS.length];
        int[] years = new int[BOOKS.length];
        String[] authors = new String[BOOKS.length];
        String[] originals = new String[BOOKS.length];
        int[][] genres = new int[BOOKS.length][];
        for (int i = 0; i < BOOKS.length; i++) {
            ids.add(BOOKS[i][0]);
            titles[i] = BOOKS[i][1];
            authors[i] = BOOKS[i][2];
            originals[i] = BOOKS[i][3].isEmpty() ? null : BOOKS[i][3];
            years[i] = Integer.parseInt(BOOKS[i][4]);
            genres[i] = new int[0];
        }
        return new Items(ids, titles, years, genres, List.of(), Map.of(Items.AUTHORS, authors, Items.ORIGINAL_TITLE, originals), null);
    }

    static GroundedSlot one(String answer, String... candidates) {
        int[] c = new int[candidates.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = ITEMS.indexOf(candidates[i]);
        }
        GroundedAnswer g = GROUNDER.ground(new GroundingInput(answer, false, AnswerFormat.LIST, c, new int[0], new int[0], 1));
        assertThat(g.slots()).as(answer).hasSize(1);
        return g.slots().get(0);
    }

    static String id(GroundedSlot s) {
        return s.matched() ? ITEMS.id(s.item()) : null;
    }

    @Test
    void the_author_picks_among_same_titled_books_in_every_form() {
        assertThat(id(one("1. Invisible by Paul Auster"))).isEqualTo("1");
        assertThat(id(one("1. Invisible by James Patterson"))).isEqualTo("2");
        assertThat(id(one("1. Invisible \u2014 Paul Auster"))).isEqualTo("1");
        assertThat(id(one("1. Invisible \u2013 James Patterson"))).isEqualTo("2");
        assertThat(id(one("1. Invisible - Paul Auster - a novel about guilt"))).isEqualTo("1");
        assertThat(id(one("1. Invisible: James Patterson"))).isEqualTo("2");
        assertThat(id(one("1. Paul Auster - Invisible"))).isEqualTo("1");
        assertThat(id(one("1. Invisible (James Patterson)"))).isEqualTo("2");
        assertThat(id(one("1. **Invisible** by Paul Auster: a layered novel"))).isEqualTo("1");
        GroundedSlot s = one("1. Invisible by Paul Auster");
        assertThat(s.method()).isEqualTo(CatalogMatcher.Method.AUTHOR);
    }

    @Test
    void an_author_who_wrote_none_of_the_same_titled_books_names_a_book_the_catalog_does_not_have() {
        GroundedSlot s = one("1. Invisible by Stephen King");
        assertThat(s.matched()).isFalse();
        assertThat(s.outcome()).isEqualTo(SlotOutcome.HALLUCINATED);
        assertThat(s.method()).isEqualTo(CatalogMatcher.Method.AUTHOR_MISMATCH);
        assertThat(s.alternatives()).containsExactly(ITEMS.indexOf("1"), ITEMS.indexOf("2"));
        // even when one of them is a candidate: the answer names another book
        assertThat(one("1. Invisible by Stephen King", "2").matched()).isFalse();
        assertThat(one("1. Gone Girl by Paula Hawkins").method()).isEqualTo(CatalogMatcher.Method.AUTHOR_MISMATCH);
    }

    @Test
    void without_an_author_same_titled_books_stay_ambiguous_unless_the_year_or_the_candidates_decide() {
        GroundedSlot s = one("1. Invisible");
        assertThat(s.method()).isEqualTo(CatalogMatcher.Method.AMBIGUOUS);
        assertThat(s.alternatives()).hasSize(2);
        assertThat(id(one("1. Invisible (2014)"))).isEqualTo("2");
        assertThat(id(one("1. Invisible", "1", "3"))).isEqualTo("1");
    }

    @Test
    void misspelt_authors_and_titles_still_pick_the_book_and_a_title_holding_by_stays_whole() {
        assertThat(id(one("1. Gone Girl by Gilian Flyn"))).isEqualTo("3");
        assertThat(id(one("1. The Hunger Game by Suzanne Collins"))).isEqualTo("4");
        assertThat(id(one("1. Inferno by Dante"))).isEqualTo("12");
        assertThat(id(one("1. Stand by Me"))).isEqualTo("10");
        assertThat(id(one("1. Stand by Me by Stephen King"))).isEqualTo("10");
    }

    @Test
    void possessive_authors_lead_ins_and_a_series_before_the_title() {
        assertThat(id(one("- Paul Auster's Invisible"))).isEqualTo("1");
        assertThat(id(one("- Invisible, James Patterson's fast thriller"))).isEqualTo("2");
        assertThat(id(one("My top pick is Invisible by James Patterson."))).isEqualTo("2");
        assertThat(id(one("- Gone Girl - as dark as The Road by Cormac McCarthy"))).as("a comparison is no lead-in").isEqualTo("3");
        assertThat(id(one("1. The Hunger Games: Catching Fire"))).isEqualTo("5");
        assertThat(one("- Stephen King's Invisible").matched()).as("a possessive that names neither author matches nothing").isFalse();
    }

    @Test
    void other_names_original_titles_and_series_numbers() {
        assertThat(id(one("1. Nineteen Eighty-Four"))).isEqualTo("6");
        assertThat(id(one("1. Harry Potter and the Philosopher's Stone"))).isEqualTo("7");
        assertThat(id(one("1. The Hunger Games, Book 2"))).isEqualTo("5");
        assertThat(id(one("1. Harry Potter #1"))).isEqualTo("7");
        assertThat(id(one("1. Catching Fire (The Hunger Games #2)"))).isEqualTo("5");
        assertThat(id(one("1. The Hunger Games - Catching Fire"))).isEqualTo("5");
        assertThat(id(one("1. The Hunger Games"))).isEqualTo("4");
        assertThat(one("1. The Hunger Games, Book 3").matched()).isFalse();
    }

    @Test
    void a_title_without_its_subtitle() {
        assertThat(id(one("1. Sapiens"))).as("before a subtitle that starts with an article").isEqualTo("8");
        // (the full stop: an answer that ends in the middle of a title reads as cut off by the token limit)
        assertThat(one("1. Dune.").matched()).as("a bare subtitle: a sequel's series name").isFalse();
        assertThat(id(one("1. Dune", "9", "3"))).as("among the candidates").isEqualTo("9");
    }

    @Test
    void quoted_titles_inside_prose_are_the_slots_and_the_user_s_taste_is_not() {
        GroundedAnswer g = GROUNDER.ground(new GroundingInput(
                "Since you loved \"The Road\", I recommend \"Gone Girl\" because it is dark, and \"Invisible\" by Paul Auster.",
                false, AnswerFormat.LIST, new int[0], new int[0], new int[0], 2));
        assertThat(g.slots()).extracting(BookGroundingTest::id).containsExactly("3", "1");
    }

    @Test
    void json_objects_with_an_author_field() {
        GroundedAnswer g = GROUNDER.ground(new GroundingInput(
                "[{\"title\": \"Invisible\", \"author\": \"James Patterson\"}, {\"title\": \"Invisible\", \"authors\": [\"Paul Auster\"]}]",
                false, AnswerFormat.JSON, new int[0], new int[0], new int[0], 2));
        assertThat(g.slots()).extracting(BookGroundingTest::id).containsExactly("2", "1");
    }
}
