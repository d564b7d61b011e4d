package org.recprompt.workspace.security;

import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which Host headers the workbench answers (against DNS rebinding: a page on attacker.example whose
 * name is made to resolve to 127.0.0.1 sends "Host: attacker.example"). Allowed: the loopback names
 * (localhost, 127.x.x.x, [::1]), the configured bind address, the names in
 * {@code RECPROMPT_ALLOWED_HOSTS}, and, when served beyond loopback, any IP address literal and this
 * machine's own host name (neither can be a rebound name).
 */
public final class HostCheck {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-fA-F:.%]+\\]");

    private final Set<String> names = new LinkedHashSet<>();
    private final Set<String> listed;
    private final boolean anyAddressLiteral;

    public HostCheck(ServingMode mode) {
        this(mode, mode.beyondLoopback() ? localHostNames() : Set.of());
    }

    HostCheck(ServingMode mode, Set<String> machineNames) {
        names.add("localhost");
        names.addAll(mode.allowedHosts());
        listed = mode.allowedHosts();
        names.addAll(machineNames);
        String bound = mode.boundName();
        if (!bound.isEmpty()) {
            names.add(bound.startsWith("[") || !bound.contains(":") ? bound : "[" + bound + "]");
        }
        anyAddressLiteral = mode.beyondLoopback();
        loopbackClientsOnly = !mode.loginRequired();
    }

    private final boolean loopbackClientsOnly;

    /**
     * Whether a request from this client may be answered: without a login only this machine's own
     * users are served, so a request a reverse proxy forwarded from elsewhere (its client address as
     * Tomcat resolved it from X-Forwarded-For, or a forwarding header still present) is refused.
     */
    public boolean clientAllowed(String remoteAddr, String forwardedFor, String forwarded) {
        if (!loopbackClientsOnly) {
            return true;
        }
        if (forwardedFor != null || forwarded != null) {
            return false;
        }
        try {
            return remoteAddr != null && InetAddress.getByName(remoteAddr).isLoopbackAddress();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** True when a request carrying this Host header (with or without a port) may be answered. */
    public boolean allows(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = stripPort(hostHeader.trim().toLowerCase(Locale.ROOT));
        if (names.contains(host)) {
            return true;
        }
        if (IPV4.matcher(host).matches()) {
            return anyAddressLiteral || host.startsWith("127.");
        }
        if (IPV6.matcher(host).matches()) {
            return anyAddressLiteral || host.equals("[::1]") || host.equals("[0:0:0:0:0:0:0:1]");
        }
        return false;
    }

    /**
     * For a request that changes something (a POST): true when it comes from a page of this
     * workbench. Browsers send Origin with cross-site POSTs; it must name the host the request was
     * sent to, or a name in RECPROMPT_ALLOWED_HOSTS (a reverse proxy's public name). No Origin (not a
     * browser, or a same-origin request of an older browser) passes; "null" (a sandboxed or file
     * page) does not. This guards the login form, which Vaadin leaves without a CSRF token.
     */
    public boolean sameOrigin(String origin, String hostHeader) {
        if (origin == null) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        int scheme = o.indexOf("://");
        if (scheme < 0 || hostHeader == null) {
            return false;
        }
        String authority = o.substring(scheme + 3);
        int slash = authority.indexOf('/');
        authority = slash < 0 ? authority : authority.substring(0, slash);
        return authority.equals(hostHeader.trim().toLowerCase(Locale.ROOT)) || listed.contains(stripPort(authority));
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon >= 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
    }

    private static Set<String> localHostNames() {
        Set<String> own = new LinkedHashSet<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            own.add(local.getHostName().toLowerCase(Locale.ROOT));
            own.add(local.getCanonicalHostName().toLowerCase(Locale.ROOT));
        } catch (java.io.IOException e) {
            // no resolvable host name: only addresses and the allowed names then
        }
        return own;
    }
}
