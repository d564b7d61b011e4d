package org.recprompt.backend;

import java.net.URI;
import java.util.Locale;

/**
 * Where a backend's requests go, and whether that is off this machine. <b>Local</b> means the
 * base URL's host is a loopback name or address: {@code localhost} (or a name ending in
 * {@code .localhost}), 127.0.0.0/8, or {@code ::1}. Everything else is <b>remote</b>: a provider's
 * public endpoint (no base URL), a server elsewhere on the network, or any host name, since a name
 * is not resolved (resolving it would itself be a network lookup, and a name may point anywhere).
 * Ollama without a base URL uses its default {@code http://localhost:11434}, so it is local. A
 * loopback URL can still forward data elsewhere (a proxy or an SSH tunnel): an experiment marks such
 * a backend {@code remote: true}, and then it counts as remote.
 */
public final class Egress {

    /** The endpoint of a provider that is called without a base URL. */
    public static String defaultBaseUrl(String type) {
        return switch (type == null ? "" : type.strip().toLowerCase(Locale.ROOT)) {
            case "anthropic" -> "https://api.anthropic.com/v1";
            case "gemini" -> "https://generativelanguage.googleapis.com";
            case "ollama" -> "http://localhost:11434";
            default -> "https://api.openai.com/v1";
        };
    }

    private Egress() {
    }

    /** Whether requests to this provider type and base URL (null: the provider's own) leave the machine. */
    public static boolean isRemote(String type, String baseUrl) {
        String url = baseUrl == null || baseUrl.isBlank() ? defaultBaseUrl(type) : baseUrl.strip();
        return !isLoopback(host(url));
    }

    /** The host of a URL, without brackets; empty when there is none. */
    public static String host(String url) {
        try {
            String h = URI.create(url.strip()).getHost();
            if (h == null) {
                return "";
            }
            return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** A loopback host: localhost, *.localhost, 127.x.y.z, ::1 (in any of its spellings). */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            return true;
        }
        if (h.contains(":")) {
            String compact = h.replaceAll("(^|:)0+(?=[0-9a-f])", "$1");
            return compact.equals("::1") || compact.equals("0:0:0:0:0:0:0:1");
        }
        return false;
    }

    /**
     * A URL as the egress log keeps it: scheme, host, port and path, never the query or user
     * information (a key passed as {@code ?key=...} or {@code user:secret@} stays out of the log).
     */
    public static String endpoint(String url) {
        try {
            URI u = URI.create(url.strip());
            StringBuilder s = new StringBuilder();
            s.append(u.getScheme() == null ? "" : u.getScheme() + "://").append(u.getHost() == null ? "" : u.getHost());
            if (u.getPort() >= 0) {
                s.append(':').append(u.getPort());
            }
            s.append(u.getRawPath() == null ? "" : u.getRawPath());
            return s.toString();
        } catch (IllegalArgumentException e) {
            return "(unreadable URL)";
        }
    }
}
