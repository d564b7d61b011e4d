package org.recprompt.grounding;

import java.util.List;

/**
 * What the parser read from one answer: either one or more blocks of entries (a model that
 * reasons in a numbered list before its final numbered list yields two blocks; the grounder keeps
 * the block that grounds best), or an abstention, or nothing readable.
 */
public record ParsedAnswer(Kind kind, List<List<Entry>> blocks) {

    public enum Kind { ENTRIES, ABSTAINED, UNPARSEABLE }

    /**
     * One recommended entry: the text as it appeared, the title readings to try in order (a line
     * "Heat (1995) - a tense crime film" is read as "Heat (1995)" first, then as the whole line),
     * and the candidate it refers to by letter or index (0-based; -1 when it names no candidate).
     */
    public record Entry(String raw, List<String> titles, int candidate, int primary) {

        public Entry {
            titles = List.copyOf(titles);
            primary = Math.min(primary, titles.size());
        }

        public Entry(String raw, List<String> titles, int candidate) {
            this(raw, titles, candidate, titles.size());
        }

        /** The readings of the whole entry (quoted title, up to the year, the whole text). */
        public List<String> wholeReadings() {
            return titles.subList(0, primary);
        }

        /** The readings cut before an explanation ("Heat" of "Heat - a tense crime film"). */
        public List<String> cutReadings() {
            return titles.subList(primary, titles.size());
        }
    }

    public ParsedAnswer {
        blocks = blocks.stream().map(List::copyOf).toList();
    }

    public static ParsedAnswer abstained() {
        return new ParsedAnswer(Kind.ABSTAINED, List.of());
    }

    public static ParsedAnswer unparseable() {
        return new ParsedAnswer(Kind.UNPARSEABLE, List.of());
    }

    public static ParsedAnswer of(List<List<Entry>> blocks) {
        return blocks.isEmpty() ? unparseable() : new ParsedAnswer(Kind.ENTRIES, blocks);
    }
}
