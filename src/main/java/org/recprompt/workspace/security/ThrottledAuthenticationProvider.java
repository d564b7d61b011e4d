package org.recprompt.workspace.security;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks a name and password against the accounts (Spring's DAO provider: the stored hash, timing
 * kept even for unknown names), but first asks the {@link LoginThrottle}: a name or address that
 * failed too often is refused without a check. Every failure is logged with the name (printable,
 * cut) and the client address, never the password.
 */
public class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ThrottledAuthenticationProvider.class);

    private final DaoAuthenticationProvider delegate;
    private final LoginThrottle throttle;

    public ThrottledAuthenticationProvider(DaoAuthenticationProvider delegate, LoginThrottle throttle) {
        this.delegate = delegate;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String name = AccountService.normalise(authentication.getName());
        String address = address(authentication);
        Optional<java.time.Duration> locked = throttle.attempt(name, address); // counted as a failure until it succeeds
        if (locked.isPresent()) {
            LoginThrottledException refused = new LoginThrottledException(locked.get());
            LOG.warn("Login refused for '{}' from {}: {}", LoginThrottle.printable(name), address, refused.getMessage());
            throw refused;
        }
        try {
            Authentication result = delegate.authenticate(authentication);
            throttle.succeeded(name, address);
            LOG.info("Signed in: '{}' from {}", LoginThrottle.printable(name), address);
            return result;
        } catch (AuthenticationException e) {
            LOG.warn("Failed login for '{}' from {}", LoginThrottle.printable(name), address);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static String address(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null
                ? web.getRemoteAddress() : "an unknown address";
    }
}
