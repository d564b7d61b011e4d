package org.recprompt.prompt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documented variable model every template renders against (docs/TEMPLATES.md). Used for the
 * documentation, the linter and the editor's completion, so the three never disagree.
 */
public final class Variables {

    /** Fields of one item (history entry, candidate, example item, the item in question). */
    public static final Map<String, String> ITEM_FIELDS = ordered(
            "title", "the title as the dataset gives it, e.g. \"Heat (1995)\"",
            "name", "the title without the trailing year, e.g. \"Heat\"",
            "year", "the release year, empty when unknown",
            "genres", "the genres joined by \", \"",
            "authors", "the authors (books) joined by \", \", empty when the catalog names none",
            "has_authors", "true when the catalog names the item's authors",
            "image", "the image path or URL, empty when the item has none",
            "has_image", "true when the item has an image");

    public static final Map<String, String> HISTORY_FIELDS = merge(ITEM_FIELDS, ordered(
            "rating", "the user's rating, e.g. 4.5 (empty for implicit data)",
            "position", "1 for the oldest item, counting up in time",
            "recency", "1 for the most recent item, counting up into the past"));

    public static final Map<String, String> CANDIDATE_FIELDS = merge(ITEM_FIELDS, ordered(
            "letter", "A, B, C ... in the order shown",
            "index", "1, 2, 3 ... in the order shown"));

    public static final Map<String, String> EXAMPLE_FIELDS = ordered(
            "user", "the example user's pseudonymous id",
            "history", "the example user's history (same fields as history)",
            "history_titles", "the example history's titles joined by \", \"",
            "candidates", "the example's candidates (same fields as candidates)",
            "answer", "the correct answer, in the template's output format");

    public static final Map<String, String> USER_FIELDS = ordered(
            "id", "a pseudonymous id such as U7f3a2c (the real id only when the experiment asks)",
            "gender", "the user's gender where the dataset has it",
            "age", "the user's age (group) where the dataset has it",
            "occupation", "the user's occupation where the dataset has it");

    /** Top-level variables. */
    public static final Map<String, String> TOP = ordered(
            "user", "the user: id and attributes (user.id, user.gender, ...)",
            "history", "the user's training history, a list (oldest first unless the template says order: recent-first)",
            "history_titles", "the history's titles joined by \", \"",
            "history_size", "the number of history items shown",
            "last", "the most recent history item",
            "candidates", "the candidate items in the order shown, a list",
            "candidate_titles", "the candidates' titles joined by \", \"",
            "item", "the item in question (rating, explanation, cold start, item-side of a scoring pair)",
            "examples", "few-shot examples, a list",
            "steps", "answers to earlier chain steps: steps.NAME",
            "sensitive", "the sensitive attribute of a fairness probe: sensitive.attribute, sensitive.value; false for the neutral request",
            "domain", "the domain noun: movie, book, product, business, artist, item (the dataset's, or the template's domain:)",
            "domains", "its plural, e.g. movies, books",
            "a_domain", "the noun after its article: a movie, a book, an item, an artist",
            "verb", "what a user did with an item, past tense: watched, read, bought, visited, listened to, interacted with",
            "verb_base", "the verb's base form, after 'to': watch, read, buy, visit, listen to, interact with",
            "activity", "the activity as a noun, before 'history': watching, reading, purchase, visit, listening, interaction",
            "consumer", "who consumes the items: viewer, reader, customer, visitor, listener, user",
            "Domain", "domain with a capital letter, e.g. Movie",
            "Domains", "domains with a capital letter, e.g. Movies",
            "Verb", "verb with a capital letter, e.g. Watched",
            "Activity", "activity with a capital letter, e.g. Watching",
            "rating_min", "the lowest rating in the dataset, e.g. 0.5 (undefined when the dataset has no ratings)",
            "rating_max", "the highest rating in the dataset, e.g. 5 or 10",
            "rating_step", "1 when every rating is a whole number, 0.5 for half stars, empty when finer",
            "rating_halves", "true when the ratings go in half steps (0.5, 1, 1.5, ...)",
            "K", "how many items to recommend",
            "C", "how many candidates are offered");

    /** A name the editor offers after {{ with what it means. */
    public record Completion(String label, String detail) {
    }

    /**
     * Everything a template may name: top-level variables, dotted fields of the object variables,
     * the fields of list entries (for use inside {{#history}} and the like), Mustache's list
     * helpers, and {@code steps.NAME} for the template's chain steps.
     */
    public static List<Completion> completions(java.util.Collection<String> stepNames) {
        Map<String, Completion> out = new LinkedHashMap<>();
        TOP.forEach((name, detail) -> out.put(name, new Completion(name, detail)));
        for (String object : List.of("user", "item", "last", "sensitive")) {
            objectFields(object).forEach((f, d) -> out.put(object + "." + f, new Completion(object + "." + f, d)));
        }
        for (String list : List.of("history", "candidates", "examples")) {
            listFields(list).forEach((f, d) -> out.putIfAbsent(f, new Completion(f, "inside {{#" + list + "}}: " + d)));
        }
        stepNames.forEach(step -> out.put("steps." + step, new Completion("steps." + step, "the answer to chain step " + step)));
        for (String special : List.of("-first", "-last", "-index")) {
            out.put(special, new Completion(special, "inside a list: " + switch (special) {
                case "-first" -> "true for the first entry";
                case "-last" -> "true for the last entry";
                default -> "the entry's 1-based position";
            }));
        }
        return List.copyOf(out.values());
    }

    /** Mustache's own names inside lists. */
    public static final List<String> SPECIAL = List.of("-first", "-last", "-index", "this", ".");

    private Variables() {
    }

    /** The fields of the items of a list-valued top-level variable, or null when it is not a list. */
    public static Map<String, String> listFields(String name) {
        return switch (name) {
            case "history" -> HISTORY_FIELDS;
            case "candidates" -> CANDIDATE_FIELDS;
            case "examples" -> EXAMPLE_FIELDS;
            default -> null;
        };
    }

    /** The fields of an object-valued top-level variable (user, item, last, sensitive, steps), or null. */
    public static Map<String, String> objectFields(String name) {
        return switch (name) {
            case "user" -> USER_FIELDS;
            case "item", "last" -> ITEM_FIELDS;
            case "sensitive" -> ordered("attribute", "the attribute, e.g. gender", "value", "its value, e.g. female", "a_value",
                    "the value with its article, e.g. an old");
            default -> null;
        };
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return java.util.Collections.unmodifiableMap(m);
    }
}
