package org.recprompt.backend.adapter;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

import javax.net.ssl.SSLException;

/**
 * The one place a server that cannot be reached is put into words: Test connection (the model
 * listing) and a run's failed call say the same sentence, for example "Cannot connect to
 * 127.0.0.1:9 (connection refused): is the server running at http://127.0.0.1:9/v1/models?".
 */
final class ConnectionWording {

    private static final int MAX_SNIPPET = 200;

    private ConnectionWording() {
    }

    /** host:port as the URL names it. */
    static String host(URI uri) {
        return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /** The address without query: scheme://authority/path. */
    static String where(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + (uri.getPath() == null ? "" : uri.getPath());
    }

    /** No TCP connection within the connect timeout. */
    static String noConnection(URI uri, Duration timeout) {
        return "No connection to " + host(uri) + " within " + seconds(timeout) + ": is the address right?";
    }

    /** Connected, but no (whole) answer within the timeout. */
    static String noAnswer(URI uri, Duration timeout) {
        return "No answer from " + where(uri) + " within " + seconds(timeout) + ".";
    }

    /**
     * Why a server could not be reached, from the exception a connection attempt ended with: an
     * unknown host, a refused connection, a failed TLS handshake, or another network error (its
     * first line).
     */
    static String unreachable(Throwable e, URI uri) {
        if (FailureMapper.find(e, UnknownHostException.class) != null || FailureMapper.find(e, UnresolvedAddressException.class) != null) {
            return "Unknown host " + uri.getHost() + ": check the base URL.";
        }
        if (FailureMapper.find(e, ConnectException.class) != null) {
            return "Cannot connect to " + host(uri) + " (connection refused): is the server running at " + where(uri) + "?";
        }
        SSLException tls = FailureMapper.find(e, SSLException.class);
        if (tls != null) {
            return "The TLS handshake with " + host(uri) + " failed: " + firstLine(tls.getMessage());
        }
        return "Network error talking to " + host(uri) + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return one.length() > MAX_SNIPPET ? one.substring(0, MAX_SNIPPET) + "..." : one;
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
