package org.recprompt.lm;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A trie of the catalog's titles in word tokens, for catalog-constrained decoding (as in
 * generative retrieval, e.g. De Cao et al. 2021, "Autoregressive Entity Retrieval"): at each step
 * only a token that continues some title is allowed, and the end of a title only where a title ends,
 * so every generated title is a catalog title. Each node counts the titles below it, so titles can
 * be blocked per request (already named, or in the history) without rebuilding the tree.
 */
public final class PrefixTree {

    /** A node: its children by token, the item whose title ends here (-1: none), the titles at or below it. */
    public static final class Node {
        final Map<Integer, Node> children = new HashMap<>(4);
        int item = -1;
        int titles;

        public int item() {
            return item;
        }

        public Node child(int token) {
            return children.get(token);
        }

        public Collection<Integer> tokens() {
            return children.keySet();
        }
    }

    private final Node root = new Node();
    private final Vocabulary vocabulary;

    private PrefixTree(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** Every catalog item's title (items without tokens, or spelt with an unknown word, are left out). */
    public static PrefixTree of(Vocabulary v) {
        PrefixTree t = new PrefixTree(v);
        for (int i = 0; i < v.catalogSize(); i++) {
            int[] tokens = v.item(i);
            if (tokens.length == 0 || java.util.Arrays.stream(tokens).anyMatch(x -> x == Vocabulary.UNK)) {
                continue;
            }
            Node n = t.root;
            for (int x : tokens) {
                n = n.children.computeIfAbsent(x, k -> new Node());
            }
            if (n.item < 0) {
                n.item = i;
                t.root.titles++;
                Node m = t.root;
                for (int x : tokens) {
                    m = m.children.get(x);
                    m.titles++;
                }
            }
        }
        return t;
    }

    public Node root() {
        return root;
    }

    /** The node the tokens lead to, or null when no title starts with them. */
    public Node find(int[] tokens) {
        Node n = root;
        for (int x : tokens) {
            n = n.children.get(x);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    /** The item whose title is exactly these tokens, or -1. */
    public int itemOf(int[] tokens) {
        Node n = find(tokens);
        return n == null ? -1 : n.item;
    }

    /** Titles in the tree. */
    public int size() {
        return root.titles;
    }

    /** Per-request blocking: titles that may not be produced. */
    public final class Blocked {
        private final Map<Node, Integer> below = new HashMap<>();
        private final java.util.Set<Node> ends = new java.util.HashSet<>();

        /** Blocks the item's title (no effect when it is not in the tree or already blocked). */
        public void block(int item) {
            int[] tokens = vocabulary.item(item);
            Node end = find(tokens);
            if (end == null || end.item != item || !ends.add(end)) {
                return;
            }
            Node n = root;
            below.merge(n, 1, Integer::sum);
            for (int x : tokens) {
                n = n.children.get(x);
                below.merge(n, 1, Integer::sum);
            }
        }

        /** Whether some unblocked title lies at or below the node. */
        public boolean open(Node n) {
            return n.titles - below.getOrDefault(n, 0) > 0;
        }

        /** Whether a title may end at the node. */
        public boolean mayEnd(Node n) {
            return n.item >= 0 && !ends.contains(n);
        }
    }

    public Blocked blocked() {
        return new Blocked();
    }
}
