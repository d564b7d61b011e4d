package org.recprompt.workspace.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/** Refuses (403, a short text) every request whose Host header {@link HostCheck} does not allow, before anything else runs. */
public class HostCheckFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(HostCheckFilter.class);
    static final String REFUSAL = "This workbench does not answer to that host name."
            + " If it is yours, add it to RECPROMPT_ALLOWED_HOSTS (comma-separated) and restart.\n";

    private final HostCheck check;

    public HostCheckFilter(HostCheck check) {
        this.check = check;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = request.getHeader("Host");
        if (check.allows(host)) {
            chain.doFilter(request, response);
            return;
        }
        LOG.warn("Refused a request for host '{}' from {}", LoginThrottle.printable(host == null ? "" : host),
                request.getRemoteAddr());
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.getWriter().write(REFUSAL);
    }
}
