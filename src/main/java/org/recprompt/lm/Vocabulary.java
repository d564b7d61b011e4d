package org.recprompt.lm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.recprompt.dataset.Items;

/**
 * The tokens of a model and each catalog item's spelling in them. Four special tokens come first:
 * {@link #PAD} (ignored by the loss), {@link #BOS} (a user's sequence starts), {@link #SEP} (a title
 * ends; word tokens only) and {@link #UNK}. Item tokens: then one token per catalog item, named by
 * its external id. Word tokens: then the lower-cased words and punctuation of every catalog title,
 * a trailing "(1995)" kept as one year token, sorted so the vocabulary does not depend on the
 * catalog's order. The catalog's titles are metadata, not interactions, so building the word
 * vocabulary from all of them leaks nothing about held-out items.
 */
public final class Vocabulary {

    public static final int PAD = 0;
    public static final int BOS = 1;
    public static final int SEP = 2;
    public static final int UNK = 3;
    static final List<String> SPECIAL = List.of("<pad>", "<bos>", "<sep>", "<unk>");

    private static final Pattern YEAR = Pattern.compile("\\s*(\\(\\d{4}\\))\\s*$");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}]+)?|[^\\s\\p{L}\\p{N}]");

    private final Tokenisation tokenisation;
    private final List<String> tokens;
    private final Map<String, Integer> index;
    private final int[][] itemTokens;
    private final int[] itemOfToken;

    private Vocabulary(Tokenisation tokenisation, List<String> tokens, Items items) {
        this.tokenisation = tokenisation;
        this.tokens = List.copyOf(tokens);
        this.index = new HashMap<>(tokens.size() * 2);
        for (int t = 0; t < tokens.size(); t++) {
            if (index.putIfAbsent(tokens.get(t), t) != null) {
                throw new IllegalArgumentException("the token '" + tokens.get(t) + "' appears twice");
            }
        }
        this.itemTokens = new int[items.size()][];
        this.itemOfToken = new int[tokens.size()];
        java.util.Arrays.fill(itemOfToken, -1);
        for (int i = 0; i < items.size(); i++) {
            if (tokenisation == Tokenisation.ITEM) {
                Integer t = index.get(items.id(i));
                itemTokens[i] = t == null ? new int[0] : new int[] {t};
                if (t != null) {
                    itemOfToken[t] = i;
                }
            } else {
                itemTokens[i] = encodeText(title(items, i));
            }
        }
    }

    /** The vocabulary of a catalog for a tokenisation (every item). */
    public static Vocabulary build(Items items, Tokenisation t) {
        return build(items, t, null, 0);
    }

    /**
     * The vocabulary of a catalog; with item tokens, only items with at least {@code minUsers}
     * training users ({@code users[i]}, counted on the training split only) get a token.
     */
    public static Vocabulary build(Items items, Tokenisation t, double[] users, int minUsers) {
        List<String> tokens = new ArrayList<>(SPECIAL);
        if (t == Tokenisation.ITEM) {
            for (int i = 0; i < items.size(); i++) {
                if (minUsers <= 1 || users == null || users[i] >= minUsers) {
                    tokens.add(items.id(i));
                }
            }
        } else {
            TreeSet<String> words = new TreeSet<>();
            for (int i = 0; i < items.size(); i++) {
                words.addAll(split(title(items, i)));
            }
            words.removeAll(SPECIAL);
            tokens.addAll(words);
        }
        return new Vocabulary(t, tokens, items);
    }

    /**
     * A saved vocabulary over a catalog (possibly a later version of the one it was built on): an
     * item whose id (item tokens) or words (word tokens) the model does not know gets no or
     * {@link #UNK} tokens.
     */
    public static Vocabulary restore(Items items, Tokenisation t, List<String> tokens) {
        if (tokens.size() < SPECIAL.size() || !tokens.subList(0, SPECIAL.size()).equals(SPECIAL)) {
            throw new IllegalArgumentException("a vocabulary starts with " + SPECIAL);
        }
        return new Vocabulary(t, tokens, items);
    }

    /** Lower-cased words and punctuation of a title, a trailing "(yyyy)" as one token. */
    public static List<String> split(String title) {
        String s = title == null ? "" : title.strip().toLowerCase(Locale.ROOT);
        String year = null;
        Matcher y = YEAR.matcher(s);
        if (y.find()) {
            year = y.group(1);
            s = s.substring(0, y.start());
        }
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        if (year != null) {
            out.add(year);
        }
        return out;
    }

    private static String title(Items items, int i) {
        String t = items.title(i);
        return t == null || t.isBlank() ? "item " + items.id(i) : t;
    }

    /** Word tokens of a text; unknown words become {@link #UNK}. */
    public int[] encodeText(String text) {
        List<String> words = split(text);
        int[] out = new int[words.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = index.getOrDefault(words.get(k), UNK);
        }
        return out;
    }

    /** A title spelt in word tokens, back as text: "american president, the (1995)". */
    public String decode(int[] ids) {
        StringBuilder s = new StringBuilder();
        String previous = null;
        for (int id : ids) {
            String tok = id >= 0 && id < tokens.size() ? tokens.get(id) : "<unk>";
            boolean glue = previous == null || tok.matches("[,.:;!?)]") || previous.equals("(") || previous.equals("-")
                    || tok.equals("-") || tok.equals("'");
            if (!glue) {
                s.append(' ');
            }
            s.append(tok);
            previous = tok;
        }
        return s.toString();
    }

    public Tokenisation tokenisation() {
        return tokenisation;
    }

    public int size() {
        return tokens.size();
    }

    public List<String> tokens() {
        return tokens;
    }

    public String token(int id) {
        return tokens.get(id);
    }

    /** The item's tokens (empty when the model does not know it). */
    public int[] item(int item) {
        return itemTokens[item];
    }

    /** The catalog item an item token stands for, or -1 (a special token, a word, an item no longer in the catalog). */
    public int itemOf(int token) {
        return token >= 0 && token < itemOfToken.length ? itemOfToken[token] : -1;
    }

    public int catalogSize() {
        return itemTokens.length;
    }
}
