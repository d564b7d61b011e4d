package org.recprompt.workspace.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Before anything else runs, refuses (403, a short text) every request whose Host header
 * {@link HostCheck} does not allow, and every POST (or other changing method) sent from another
 * site's page (its Origin names another host).
 */
public class HostCheckFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(HostCheckFilter.class);
    static final String REFUSAL = "This workbench does not answer to that host name."
            + " If it is yours, add it to RECPROMPT_ALLOWED_HOSTS (comma-separated) and restart.\n";

    static final String FORWARDED = "This workbench has no login, so it serves only this machine. To serve it through a"
            + " proxy, set RECPROMPT_ADMIN_PASSWORD and list the proxy's name in RECPROMPT_ALLOWED_HOSTS (README, Serve it to a group).\n";

    static final String CROSS_SITE = "This workbench does not take requests sent from another site's page.\n";
    private static final java.util.Set<String> SAFE_METHODS = java.util.Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final HostCheck check;

    public HostCheckFilter(HostCheck check) {
        this.check = check;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = request.getHeader("Host");
        if (!check.allows(host)) {
            LOG.warn("Refused a request for host '{}' from {}", LoginThrottle.printable(host == null ? "" : host),
                    request.getRemoteAddr());
            refuse(response, REFUSAL);
            return;
        }
        if (!check.clientAllowed(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"), request.getHeader("Forwarded"))) {
            LOG.warn("Refused a request from {} forwarded to a workbench without a login", request.getRemoteAddr());
            refuse(response, FORWARDED);
            return;
        }
        String origin = request.getHeader("Origin");
        if (!SAFE_METHODS.contains(request.getMethod()) && !check.sameOrigin(origin, host)) {
            LOG.warn("Refused a {} to {} from a page of '{}' ({})", request.getMethod(), request.getRequestURI(),
                    LoginThrottle.printable(origin), request.getRemoteAddr());
            refuse(response, CROSS_SITE);
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, String text) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.getWriter().write(text);
    }
}
