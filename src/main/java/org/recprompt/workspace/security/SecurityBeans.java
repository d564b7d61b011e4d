package org.recprompt.workspace.security;

import java.time.Clock;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The framework-free half of the web security (the filter chain, which needs Vaadin, is
 * workspace.security.ui.SecurityConfiguration): how the workbench is served, the Host check in
 * front of everything, password hashing and the throttled login check.
 */
@Configuration
class SecurityBeans {

    @Bean
    ServingMode servingMode(Environment env) {
        return ServingMode.from(env);
    }

    /** Runs before Spring Security's filters, so a foreign Host gets nothing, not even the login page. */
    @Bean
    FilterRegistrationBean<HostCheckFilter> hostCheckFilter(ServingMode mode) {
        FilterRegistrationBean<HostCheckFilter> registration = new FilterRegistrationBean<>(new HostCheckFilter(new HostCheck(mode)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** Tomcat binds an IPv4 address on an IPv4 socket (see {@link Ipv4NioProtocol}). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> ipv4Connector() {
        return factory -> factory.setProtocol(Ipv4NioProtocol.class.getName());
    }

    /** bcrypt for new hashes; the "{id}" prefix lets a later algorithm take over without breaking stored ones. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    LoginThrottle loginThrottle(Clock clock) {
        return new LoginThrottle(clock);
    }

    @Bean
    ThrottledAuthenticationProvider authenticationProvider(AccountService accounts, PasswordEncoder encoder,
            LoginThrottle throttle) {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(accounts::loadUserByUsername);
        dao.setPasswordEncoder(encoder);
        return new ThrottledAuthenticationProvider(dao, throttle);
    }
}
