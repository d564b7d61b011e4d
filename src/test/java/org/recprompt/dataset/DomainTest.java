package org.recprompt.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DomainTest {

    @Test
    void known_domains_are_found_by_noun_or_plural_in_any_case() {
        assertThat(Domain.byName("Book")).isEqualTo(Domain.BOOK);
        assertThat(Domain.byName(" businesses ")).isEqualTo(Domain.BUSINESS);
        assertThat(Domain.byName("artist").verb()).isEqualTo("listened to");
    }

    @Test
    void another_noun_gets_an_english_plural_and_the_generic_verb() {
        Domain podcast = Domain.byName("podcast");
        assertThat(podcast.plural()).isEqualTo("podcasts");
        assertThat(podcast.verb()).isEqualTo(Domain.ITEM.verb());
        assertThat(Domain.byName("dish").plural()).isEqualTo("dishes");
    }

    @Test
    void an_empty_domain_is_refused_with_the_known_names() {
        assertThatThrownBy(() -> Domain.byName(" ")).hasMessageContaining("movie");
    }

    @Test
    void a_dataset_keeps_its_domain_and_notes_through_file_order() {
        Dataset d = Fixtures.of(2, "1 1 5 10", "1 2 4 20").withDomain(Domain.BOOK).withNotes(java.util.List.of("ratings are 1-5"));
        Dataset ordered = d.inFileOrder();
        assertThat(ordered.domain()).isEqualTo(Domain.BOOK);
        assertThat(ordered.notes()).containsExactly("ratings are 1-5");
    }
}
