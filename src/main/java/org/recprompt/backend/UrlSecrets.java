package org.recprompt.backend;

import java.util.regex.Pattern;

/**
 * A base URL may carry a key where it does not belong: a user name and password
 * ({@code https://user:key@host}) or a query ({@code ?key=...}, {@code ?api_key=...}). Such URLs are
 * refused where they are entered; {@link #redact} is for the messages that quote a URL anyway.
 */
public final class UrlSecrets {

    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@");

    private UrlSecrets() {
    }

    /** Whether the URL has a query, fragment or user name, any of which may hold a key. */
    public static boolean mayCarryKey(String url) {
        return url != null && (url.contains("?") || url.contains("#") || USER_INFO.matcher(url.strip()).find());
    }

    /** The URL without its user name, password, query and fragment, each replaced by "(hidden)". */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String u = USER_INFO.matcher(url.strip()).replaceFirst("$1(hidden)@");
        int cut = indexOfAny(u, '?', '#');
        return cut < 0 ? u : u.substring(0, cut + 1) + "(hidden)";
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
