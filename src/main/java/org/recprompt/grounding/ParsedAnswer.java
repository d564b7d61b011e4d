package org.recprompt.grounding;

import java.util.List;

/**
 * What the parser read from one answer: either one or more blocks of entries (a model that
 * reasons in a numbered list before its final numbered list yields two blocks; the grounder keeps
 * the block that grounds best), or an abstention, or nothing readable.
 */
public record ParsedAnswer(Kind kind, List<List<Entry>> blocks, List<Boolean> loose) {

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
        loose = List.copyOf(loose);
        if (loose.size() != blocks.size()) {
            throw new IllegalArgumentException("one looseness flag per block");
        }
    }

    /**
     * Whether block {@code b} was read without list structure (a comma-separated line, plain
     * lines, the whole answer as one title): such a reading counts only when something in it
     * matches the catalog; otherwise the answer is chatter, not a list.
     */
    public boolean isLoose(int b) {
        return loose.get(b);
    }

    public static ParsedAnswer abstained() {
        return new ParsedAnswer(Kind.ABSTAINED, List.of(), List.of());
    }

    public static ParsedAnswer unparseable() {
        return new ParsedAnswer(Kind.UNPARSEABLE, List.of(), List.of());
    }

    /** Structured blocks (list markers, JSON, a choice). */
    public static ParsedAnswer of(List<List<Entry>> blocks) {
        return of(blocks, blocks.stream().map(b -> false).toList());
    }

    public static ParsedAnswer of(List<List<Entry>> blocks, List<Boolean> loose) {
        return blocks.isEmpty() ? unparseable() : new ParsedAnswer(Kind.ENTRIES, blocks, loose);
    }
}
