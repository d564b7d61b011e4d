package org.recprompt.grounding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.recprompt.grounding.ParsedAnswer.Entry;

/**
 * The choice reading of an answer ({@link AnswerParser} for the rest): a letter in its common forms
 * ("(A)", "A", "Answer: B", "The answer index is B", "**B**", "I would choose option C.", "B) Toy
 * Story"), several letters named together ("A and B"), an abstention, or the chosen title itself,
 * which the matcher looks up among the candidates. Letters beyond the candidates are not letters.
 */
final class ChoiceAnswers {

    private static final Pattern[] LETTER_PATTERNS = {
        Pattern.compile("(?:answer|choice|selection|final answer)(?:\\s+(?:index|letter|option))?\\s*(?:is|would be|:)\\s*[:\\-]?\\s*(?:option\\s+)?\\**\\s*\\(?([A-Z])\\)?\\**(?![A-Za-z])", Pattern.CASE_INSENSITIVE),
        Pattern.compile("(?i:choose|choice is|pick|select|go with|recommend|prefer)\\s+(?i:option\\s+|candidate\\s+)?\\**\\(?([A-Z])\\)?\\**(?![A-Za-z'])"),
        Pattern.compile("(?i:option|candidate)\\s+\\**\\(?([A-Za-z])\\)?\\**(?![A-Za-z'])"),
        Pattern.compile("\\*\\*\\(?([A-Z])\\)?[.):]?\\*\\*"),
        Pattern.compile("(?m)^\\s*\\(?([A-Z])\\)?(?:[.):]|\\s*$)"),
        Pattern.compile("\\(([A-Z])\\)"),
        Pattern.compile("(?m)^\\s*([A-Z])\\s+\\("),
    };

    private static final Pattern SINGLE_LETTER = Pattern.compile("^\\W*([A-Za-z])\\W*$");
    private static final Pattern MORE_LETTERS = Pattern.compile("\\s*(?:,|and|&|\\+)\\s*(?:option\\s+)?\\(?([A-Z])\\)?(?![A-Za-z'])");

    private ChoiceAnswers() {
    }

    /** The choice in {@code t}; {@code candidates} is the number offered (0: unknown), which bounds the letters. */
    static ParsedAnswer read(String t, int candidates) {
        String first = AnswerParser.firstSentence(t);
        Matcher answerAbstains = Pattern.compile("answer\\s*(?:is|:)\\s*\\**\\s*(?:n/a|neither|none)", Pattern.CASE_INSENSITIVE).matcher(t);
        if (answerAbstains.find() || AnswerParser.Refusal.in(t) && !LETTER_PATTERNS[0].matcher(t).find()
                || AnswerParser.ABSTAIN.matcher(first).find() && !LETTER_PATTERNS[0].matcher(first).find()) {
            return ParsedAnswer.abstained();
        }
        if (t.length() <= 4 && SINGLE_LETTER.matcher(t).matches()) {
            Matcher m = SINGLE_LETTER.matcher(t);
            m.matches();
            int index = m.group(1).toUpperCase(Locale.ROOT).charAt(0) - 'A';
            if (candidates <= 0 || index < candidates) {
                return ParsedAnswer.of(List.of(List.of(new Entry(t, List.of(), index))));
            }
        }
        for (Pattern p : LETTER_PATTERNS) {
            Matcher m = p.matcher(t);
            while (m.find()) {
                int index = m.group(1).toUpperCase(Locale.ROOT).charAt(0) - 'A';
                if (index >= 0 && (candidates <= 0 || index < candidates)) {
                    List<Entry> chosen = new ArrayList<>();
                    chosen.add(new Entry(m.group().strip(), List.of(), index));
                    // "I'd pick A and B": every letter named together counts (a wrong-length answer).
                    Matcher more = MORE_LETTERS.matcher(t).region(m.end(), t.length());
                    while (more.lookingAt()) {
                        int next = more.group(1).charAt(0) - 'A';
                        if (candidates > 0 && next >= candidates) {
                            break;
                        }
                        chosen.add(new Entry(more.group().strip(), List.of(), next));
                        more.region(more.end(), t.length());
                    }
                    return ParsedAnswer.of(List.of(chosen));
                }
            }
        }
        if (AnswerParser.abstains(t)) {
            return ParsedAnswer.abstained();
        }
        // A model that names its choice by title: the matcher looks it up among the candidates.
        AnswerParser.Blocks blocks = AnswerParser.list(t, candidates);
        if (!blocks.isEmpty()) {
            return ParsedAnswer.of(blocks.entries, blocks.loose);
        }
        return t.length() <= 200 ? ParsedAnswer.of(List.of(List.of(AnswerParser.entry(t, -1))), List.of(true)) : ParsedAnswer.unparseable();
    }
}
