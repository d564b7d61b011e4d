package org.recprompt.grounding;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.recprompt.grounding.CatalogMatcher.Match;
import org.recprompt.grounding.ParsedAnswer.Entry;
import org.recprompt.metrics.grounding.ResponseStatus;
import org.recprompt.metrics.grounding.SlotOutcome;

/**
 * Turns one free-text answer into catalog items and names every way it goes wrong
 * (METRICS.md "Grounding outcomes"). Every slot gets exactly one outcome, first rule that applies:
 * HALLUCINATED (no catalog item), DUPLICATE (an earlier slot had the item), SEEN (in the user's
 * history), HIT (held out), OUT_OF_CANDIDATES (a candidate set was offered and the item is not in
 * it), VALID. Every response gets one status: ERROR (the call failed), ABSTAINED, UNPARSEABLE,
 * OK (as many slots as asked for, or any number when k is 0), WRONG_LENGTH.
 * <p>
 * When an answer holds several lists (reasoning in a numbered list, then the final list), the list
 * with the most matched entries is kept, the later one on a tie. A last entry cut off mid-title by
 * the token limit (the answer ends with it, and it is the start of a catalog title) is dropped.
 */
public final class Grounder {

    private final CatalogMatcher matcher;

    public Grounder(CatalogMatcher matcher) {
        this.matcher = matcher;
    }

    public CatalogMatcher matcher() {
        return matcher;
    }

    public GroundedAnswer ground(GroundingInput in) {
        if (in.failed()) {
            return new GroundedAnswer(ResponseStatus.ERROR, List.of());
        }
        ParsedAnswer parsed = AnswerParser.parse(in.response(), in.format(), in.candidates().length);
        if (parsed.kind() == ParsedAnswer.Kind.ABSTAINED) {
            return new GroundedAnswer(ResponseStatus.ABSTAINED, List.of());
        }
        if (parsed.kind() == ParsedAnswer.Kind.UNPARSEABLE) {
            return new GroundedAnswer(ResponseStatus.UNPARSEABLE, List.of());
        }
        List<Match> bestMatches = null;
        List<Entry> bestBlock = null;
        boolean bestLoose = false;
        long bestMatched = -1;
        for (int b = 0; b < parsed.blocks().size(); b++) {
            List<Entry> block = parsed.blocks().get(b);
            List<Match> matches = new ArrayList<>(block.size());
            for (Entry e : block) {
                matches.add(matcher.match(e, in.candidates()));
            }
            long matched = matches.stream().filter(Match::matched).count();
            if (block.size() == 1 && isExact(matches.get(0)) && block.get(0).raw().equals(in.response().strip())
                    && coversAll(matches.get(0), in.response())) {
                // The whole answer is exactly one catalog title ("Paris, Texas (1984)"): not a list.
                bestMatches = matches;
                bestBlock = block;
                bestLoose = false;
                break;
            }
            if (matched >= bestMatched) {
                bestMatched = matched;
                bestMatches = matches;
                bestBlock = block;
                bestLoose = parsed.isLoose(b);
            }
        }
        if (bestLoose && bestMatched == 0) {
            // Text without list structure in which nothing names a catalog item: chatter.
            return new GroundedAnswer(ResponseStatus.UNPARSEABLE, List.of());
        }
        if (bestLoose) {
            joinSplitTitles(bestBlock = new ArrayList<>(bestBlock), bestMatches = new ArrayList<>(bestMatches), in.candidates());
        }
        int n = bestBlock.size();
        if (n > 0 && !bestMatches.get(n - 1).matched() && cutOff(in.response(), bestBlock.get(n - 1))) {
            // Cut off by the token limit: the film when the fragment names only one, else no slot.
            Entry last = bestBlock.get(n - 1);
            Match prefix = matcher.uniquePrefix(last.titles().get(last.titles().size() - 1));
            if (prefix.matched()) {
                bestMatches.set(n - 1, prefix);
            } else {
                n--;
            }
        }
        Set<Integer> history = toSet(in.history());
        Set<Integer> relevant = toSet(in.relevant());
        Set<Integer> offered = toSet(in.candidates());
        Set<Integer> earlier = new HashSet<>();
        List<GroundedSlot> slots = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            Match m = bestMatches.get(s);
            SlotOutcome outcome = outcome(m.item(), earlier, history, relevant, offered);
            if (m.matched()) {
                earlier.add(m.item());
            }
            slots.add(new GroundedSlot(s + 1, bestBlock.get(s).raw(), m.item(), outcome, m.method(), m.score(),
                    m.reading(), m.alternatives()));
        }
        if (slots.isEmpty()) {
            return new GroundedAnswer(ResponseStatus.UNPARSEABLE, List.of());
        }
        ResponseStatus status = in.k() == 0 || slots.size() == in.k() ? ResponseStatus.OK : ResponseStatus.WRONG_LENGTH;
        return new GroundedAnswer(status, slots);
    }

    /**
     * A comma inside a title split it in a loose reading ("Lock, Stock and Two Smoking Barrels",
     * "Monsters, Inc."): an unmatched entry is joined with the next when the joined text matches.
     */
    private void joinSplitTitles(List<Entry> block, List<Match> matches, int[] candidates) {
        for (int i = 0; i + 1 < block.size(); i++) {
            if (matches.get(i).matched() && matches.get(i + 1).matched()) {
                continue;
            }
            Entry joined = AnswerParser.entry(block.get(i).raw() + ", " + block.get(i + 1).raw(), -1);
            Match m = matcher.match(joined, candidates);
            if (m.matched() && isExact(m) && coversAll(m, joined.raw())) {
                block.set(i, joined);
                matches.set(i, m);
                block.remove(i + 1);
                matches.remove(i + 1);
            }
        }
    }

    /** The match was made on the whole text, not on a part of it cut at a year or a separator. */
    private static boolean coversAll(Match m, String text) {
        return Titles.key(m.reading()).text().equals(Titles.key(AnswerParser.clean(text)).text());
    }

    private static boolean isExact(Match m) {
        return switch (m.method()) {
            case EXACT, EXACT_YEAR, EXACT_CANDIDATE -> true;
            default -> false;
        };
    }

    /**
     * The outcome of one slot by the rules above (first that applies): for lists that come as
     * items, not text (baseline rankers), so that they are counted exactly as grounded answers.
     * {@code offered} is empty when no candidate set was given.
     */
    public static SlotOutcome outcome(int item, Set<Integer> earlier, Set<Integer> history, Set<Integer> relevant,
            Set<Integer> offered) {
        if (item < 0) {
            return SlotOutcome.HALLUCINATED;
        }
        if (earlier.contains(item)) {
            return SlotOutcome.DUPLICATE;
        }
        if (history.contains(item)) {
            return SlotOutcome.SEEN;
        }
        if (relevant.contains(item)) {
            return SlotOutcome.HIT;
        }
        if (!offered.isEmpty() && !offered.contains(item)) {
            return SlotOutcome.OUT_OF_CANDIDATES;
        }
        return SlotOutcome.VALID;
    }

    /** The answer ends with this entry and the entry is the beginning of some catalog title. */
    private boolean cutOff(String response, Entry last) {
        String r = response.strip();
        String raw = last.raw().strip();
        if (!r.endsWith(raw) || raw.endsWith(")") || raw.endsWith(".") || last.titles().isEmpty()) {
            return false;
        }
        String key = Titles.key(last.titles().get(last.titles().size() - 1)).text();
        return key.length() >= 3 && matcher.isTitlePrefix(key);
    }

    private static Set<Integer> toSet(int[] a) {
        Set<Integer> s = new HashSet<>(a.length * 2);
        for (int x : a) {
            s.add(x);
        }
        return s;
    }
}
