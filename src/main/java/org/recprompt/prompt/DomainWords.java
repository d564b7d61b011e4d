package org.recprompt.prompt;

import java.util.Locale;
import java.util.Map;

import org.recprompt.dataset.Domain;

/**
 * The words a template uses for a dataset's domain ({@link Domain}): its noun and plural, the verb
 * of consumption in the past tense ("watched", "read") and in the base form ("watch", "read", after
 * "to"), the activity as a noun ("watching", "reading", "purchase": "my {{activity}} history") and
 * the person who consumes ("viewer", "reader", "customer"). The domain record carries the past tense;
 * the other forms of the known verbs are kept here. A verb the table does not know (a domain made in
 * code with its own verb) falls back to the generic forms "interact with", "interaction", "user".
 *
 * @param noun "movie"
 * @param plural "movies"
 * @param verb "watched" (past tense and participle: "I have {{verb}}")
 * @param verbBase "watch" ("likely to {{verb_base}} next")
 * @param activity "watching" ("{{activity}} history")
 * @param consumer "viewer"
 */
public record DomainWords(String noun, String plural, String verb, String verbBase, String activity, String consumer) {

    private record Forms(String base, String activity, String consumer) {
    }

    private static final Forms GENERIC = new Forms("interact with", "interaction", "user");

    /** The other forms of the verbs of the known domains, by past tense. */
    private static final Map<String, Forms> BY_VERB = Map.of(
            Domain.MOVIE.verb(), new Forms("watch", "watching", "viewer"),
            Domain.BOOK.verb(), new Forms("read", "reading", "reader"),
            Domain.PRODUCT.verb(), new Forms("buy", "purchase", "customer"),
            Domain.BUSINESS.verb(), new Forms("visit", "visit", "visitor"),
            Domain.ARTIST.verb(), new Forms("listen to", "listening", "listener"),
            Domain.ITEM.verb(), GENERIC);

    public static DomainWords of(Domain d) {
        Forms f = BY_VERB.getOrDefault(d.verb().strip().toLowerCase(Locale.ROOT), GENERIC);
        return new DomainWords(d.noun(), d.plural(), d.verb(), f.base(), f.activity(), f.consumer());
    }

    /** The word with its first letter in upper case ("Watching history of a user"). */
    static String capitalised(String word) {
        return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }

    /** "a movie", "an item", "an artist": the noun after the indefinite article it takes. */
    static String withArticle(String noun) {
        return ("aeiou".indexOf(Character.toLowerCase(noun.isEmpty() ? 'x' : noun.charAt(0))) >= 0 ? "an " : "a ") + noun;
    }

    /** Puts the template variables: domain, domains, a_domain, verb, verb_base, activity, consumer and the capitalised forms. */
    void putInto(Map<String, Object> m) {
        m.put("domain", noun);
        m.put("domains", plural);
        m.put("a_domain", withArticle(noun));
        m.put("verb", verb);
        m.put("verb_base", verbBase);
        m.put("activity", activity);
        m.put("consumer", consumer);
        m.put("Domain", capitalised(noun));
        m.put("Domains", capitalised(plural));
        m.put("Verb", capitalised(verb));
        m.put("Activity", capitalised(activity));
    }
}
