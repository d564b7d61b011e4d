package org.recprompt.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TitlesTest {

    @Test
    void movielens_trailing_articles_match_the_natural_order() {
        assertThat(Titles.key("Matrix, The (1999)")).isEqualTo(Titles.key("The Matrix (1999)"));
        assertThat(Titles.key("Matrix, The (1999)").text()).isEqualTo("the matrix");
        assertThat(Titles.key("Few Good Men, A (1992)").text()).isEqualTo(Titles.key("a few good men").text());
        assertThat(Titles.normalise("Misérables, Les")).isEqualTo(Titles.normalise("les miserables"));
    }

    @Test
    void the_year_is_split_off_and_kept_for_disambiguation() {
        assertThat(Titles.key("Heat (1995)")).isEqualTo(new Titles.Key("heat", 1995));
        assertThat(Titles.key("Heat")).isEqualTo(new Titles.Key("heat", 0));
        assertThat(Titles.key("Heat (1995)").text()).isEqualTo(Titles.key("HEAT").text());
    }

    @Test
    void case_accents_punctuation_ampersands_and_aliases_do_not_matter() {
        assertThat(Titles.normalise("Planes, Trains & Automobiles")).isEqualTo("planes trains and automobiles");
        assertThat(Titles.normalise("planes trains and automobiles")).isEqualTo("planes trains and automobiles");
        assertThat(Titles.normalise("Schindler's List")).isEqualTo(Titles.normalise("Schindlers List"));
        assertThat(Titles.normalise("Amélie")).isEqualTo("amelie");
        assertThat(Titles.key("Seven (a.k.a. Se7en) (1995)")).isEqualTo(new Titles.Key("7", 1995));
        assertThat(Titles.normalise("Ocean's Eleven")).isEqualTo(Titles.normalise("Oceans 11"));
        assertThat(Titles.normalise("The Godfather: Part II")).isEqualTo("the godfather part 2");
        // X after "Part" or "Chapter" is ten in every title, also in one with no other "i" or "v" to look at
        assertThat(Titles.normalise("Saw: Part X")).isEqualTo("saw part 10").isEqualTo(Titles.normalise("Saw Part 10"));
        assertThat(Titles.normalise("Star Wars: Episode V")).isEqualTo("star wars episode 5");
        assertThat(Titles.normalise("Malcolm X")).as("an X not after Part, Chapter, Episode or Vol stays a letter").isEqualTo("malcolm x");
        assertThat(Titles.key("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)")).isEqualTo(new Titles.Key("amelie", 2001));
    }

    @Test
    void empty_and_null_titles_have_an_empty_key() {
        assertThat(Titles.key(null)).isEqualTo(new Titles.Key("", 0));
        assertThat(Titles.key("  ")).isEqualTo(new Titles.Key("", 0));
    }

    // ---- normalise is its regular-expression chain; the checks that skip steps change nothing ----

    /** The chain {@link Titles#normalise} stands for, one regular expression per step, without shortcuts. */
    static String byRegex(String title) {
        String t = title.replaceAll("\\s*\\((?:a\\.k\\.a\\.|aka)\\s[^)]*\\)", "");
        String s = t.strip();
        if (s.endsWith(")") && s.lastIndexOf(" (") > 0) {
            t = s.substring(0, s.lastIndexOf(" ("));
        } else {
            t = s;
        }
        Matcher m = Pattern.compile("^(.*?),\\s*(the|a|an|le|la|les|l'|il|el|los|las|das|die|der|den|det)$", Pattern.CASE_INSENSITIVE)
                .matcher(t.strip());
        if (m.matches()) {
            t = m.group(2) + (m.group(2).endsWith("'") ? "" : " ") + m.group(1);
        }
        t = Normalizer.normalize(t, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        t = t.toLowerCase(Locale.ROOT).replace("&", " and ").replaceAll("['\u2019]", "");
        t = t.replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
        t = Pattern.compile("\\b(ii|iii|iv|vi|vii|viii|ix)\\b").matcher(t).replaceAll(r -> switch (r.group(1)) {
            case "ii" -> "2"; case "iii" -> "3"; case "iv" -> "4"; case "vi" -> "6"; case "vii" -> "7"; case "viii" -> "8";
            default -> "9";
        });
        t = Pattern.compile("\\b(episode|part|chapter|vol|volume) (v|x)\\b").matcher(t)
                .replaceAll(r -> r.group(1) + (r.group(2).equals("v") ? " 5" : " 10"));
        String[] words = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen"};
        return Pattern.compile("\\b(" + String.join("|", words) + ")\\b").matcher(t)
                .replaceAll(r -> String.valueOf(java.util.Arrays.asList(words).indexOf(r.group(1)) + 2));
    }

    @Test
    void normalise_equals_its_regular_expressions_on_twenty_thousand_odd_titles() {
        String[] pieces = {"a", "B", "z", "0", "7", " ", "  ", "\t", "\u00a0", ",", ", The", ", Les", ", l'", "(", ")", " (", "(aka X)",
            " (a.k.a. Se7en)", "'", "\u2019", "&", "-", ":", ".", "!", "e\u0301", "\u00e9", "\u00c5", "\u0416", "\u4e2d", "\u00b2",
            "\u216b", "\ufb01", "\ud835\udd38", "\ud800", "\u0663", " ii", " iv ", "viii", " part x", " Part V", "episode v",
            " chapter x", " vol x", "volume v", " two", "Eleven", "thirteenth", "ten", "ix", "V", "X", "I", "\u00df", "\u0130"};
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(9); k > 0; k--) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String title = b.toString();
            assertThat(Titles.normalise(title)).as("normalise(\"%s\")", title).isEqualTo(byRegex(title));
        }
    }

    @Test
    void normalise_equals_its_regular_expressions_on_every_movielens_title() throws Exception {
        Path movies = Path.of("../shared/datasets/ml-latest-small/movies.csv");
        Assumptions.assumeTrue(Files.isRegularFile(movies), "skipped: ../shared/datasets/ml-latest-small is not present");
        int titles = 0;
        for (String line : Files.readAllLines(movies).subList(1, Files.readAllLines(movies).size())) {
            String title = line.substring(line.indexOf(',') + 1, line.lastIndexOf(',')).replace("\"\"", "\"");
            assertThat(Titles.normalise(title)).as(title).isEqualTo(byRegex(title));
            titles++;
        }
        assertThat(titles).isGreaterThan(9_000);
    }
}
