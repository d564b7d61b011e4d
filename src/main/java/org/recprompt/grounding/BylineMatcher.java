package org.recprompt.grounding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.recprompt.dataset.Items;
import org.recprompt.grounding.Bylines.Split;
import org.recprompt.grounding.CatalogMatcher.Match;
import org.recprompt.grounding.CatalogMatcher.Method;
import org.recprompt.grounding.ParsedAnswer.Entry;

/**
 * The byline stage: an answer that names a title with its author ({@link Bylines}) is matched
 * among that author's books ({@link AuthorIndex}), like a candidate set: exactly (main title,
 * other names, the title before its subtitle) or fuzzily at the among-candidates threshold. The
 * author decides between same-titled books ("Invisible by Paul Auster" is Auster's, not James
 * Patterson's). A title the catalog has, credited to a name that wrote none of its same-titled
 * books ("Invisible by Stephen King", after "by" or a dash), names a book the catalog does not
 * have: {@link Method#AUTHOR_MISMATCH}, no item (HALLUCINATED), with the same-titled items listed
 * as alternatives. A colon or parentheses never contradict: what follows them may be a subtitle.
 * A reading that is itself one catalog title is never split ("Stand by Me"); the names compared
 * include the original title before its subtitle ("Das Parfum" of "Das Parfum. Die Geschichte eines
 * Mörders").
 */
final class BylineMatcher {

    private static final Pattern YEAR = Pattern.compile("\\((\\d{4})\\)");
    private static final Pattern SUBTITLE = Pattern.compile(":\\s|\\.\\s");

    private final CatalogIndex index;
    private final AuthorIndex authors;
    private final ShortTitles shortTitles;
    private final double threshold;

    BylineMatcher(CatalogIndex index, AuthorIndex authors, ShortTitles shortTitles, double threshold) {
        this.index = index;
        this.authors = authors;
        this.shortTitles = shortTitles;
        this.threshold = threshold;
    }

    /** The item a byline names, an author mismatch, or null when no byline decides. */
    Match match(Entry entry, int[] candidates) {
        if (authors.isEmpty()) {
            return null;
        }
        Match mismatch = null;
        for (String reading : entry.titles()) {
            int sameTitle = index.itemsWithKey(Titles.key(reading).text()).length;
            if (sameTitle == 1) {
                continue; // the reading is one catalog title as it stands ("Stand by Me")
            }
            Matcher y = YEAR.matcher(reading);
            int year = y.find() ? Integer.parseInt(y.group(1)) : 0;
            for (Split s : Bylines.splits(reading)) {
                int[] qualified = authors.itemsQualifiedBy(s.qualifier());
                if (qualified.length > 0) {
                    Match m = amongQualified(s.title(), year, qualified, candidates, reading);
                    if (m != null) {
                        return m;
                    }
                }
                if (mismatch == null && sameTitle == 0 && s.form().contradicts) {
                    mismatch = mismatch(s, reading);
                }
            }
        }
        return mismatch;
    }

    /** The title credited to a name that wrote none of the catalog's books of that title, or null. */
    private Match mismatch(Split s, String reading) {
        if (!Bylines.nameLike(s.qualifier(), authors.knowsAuthor(s.qualifier()))
                || index.itemsWithKey(Titles.key(s.qualifier()).text()).length > 0) {
            return null;
        }
        int[] same = index.itemsWithKey(Titles.key(s.title()).text());
        if (same.length == 0 || Arrays.stream(same).anyMatch(i -> !authors.hasAuthors(i))) {
            return null;
        }
        Arrays.sort(same);
        return new Match(-1, Method.AUTHOR_MISMATCH, 0.0, reading, same);
    }

    /** The title among the qualified items: exact on any of their names, else the most similar above the threshold. */
    private Match amongQualified(String title, int year, int[] qualified, int[] candidates, String reading) {
        Titles.Key key = Titles.key(title);
        String series = AltTitles.seriesReading(title);
        List<Integer> exact = new ArrayList<>();
        int best = -1;
        double bestScore = 0;
        for (int q : qualified) {
            for (String k : names(q)) {
                if (k.equals(key.text()) || k.equals(series)) {
                    if (!exact.contains(q)) {
                        exact.add(q);
                    }
                } else {
                    double s = TitleSimilarity.similarity(key.text(), k);
                    if (s > bestScore) {
                        best = q;
                        bestScore = s;
                    }
                }
            }
        }
        if (!exact.isEmpty()) {
            CatalogIndex.Match r = index.resolve(exact.stream().mapToInt(Integer::intValue).toArray(), year, candidates,
                    CatalogIndex.Method.EXACT);
            if (r.item() >= 0) {
                return new Match(r.item(), Method.AUTHOR, 1.0, reading, new int[0]);
            }
            int[] alts = r.ambiguousWith();
            Arrays.sort(alts);
            return new Match(alts[0], Method.AMBIGUOUS, 0.5, reading, alts);
        }
        return best >= 0 && bestScore >= threshold ? new Match(best, Method.AUTHOR, bestScore, reading, new int[0]) : null;
    }

    /** Every normalised name of the item: title, other names, the title before its subtitle. */
    private List<String> names(int item) {
        List<String> out = new ArrayList<>();
        out.add(Titles.key(index.items().title(item)).text());
        out.addAll(AltTitles.keys(index.items(), item));
        String head = shortTitles.head(item);
        if (head != null) {
            out.add(head);
        }
        String original = index.items().attribute(Items.ORIGINAL_TITLE, item);
        Matcher sub = SUBTITLE.matcher(original == null ? "" : original);
        if (sub.find() && sub.start() > 0) {
            out.add(Titles.normalise(original.substring(0, sub.start()))); // "Das Parfum. Die Geschichte eines Mörders"
        }
        return out;
    }
}
