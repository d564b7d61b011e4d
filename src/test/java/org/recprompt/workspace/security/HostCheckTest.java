package org.recprompt.workspace.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class HostCheckTest {

    private static ServingMode mode(String address, String... allowed) {
        boolean beyond = !ServingMode.isLoopback(address);
        return new ServingMode(address, beyond, beyond || allowed.length > 0, "admin", "", Set.of(allowed));
    }

    @Test
    void on_loopback_only_loopback_names_are_answered() {
        HostCheck check = new HostCheck(mode("127.0.0.1"), Set.of());
        assertThat(check.allows("localhost:8080")).isTrue();
        assertThat(check.allows("127.0.0.1:8080")).isTrue();
        assertThat(check.allows("127.0.0.1")).isTrue();
        assertThat(check.allows("[::1]:8080")).isTrue();
        assertThat(check.allows("LOCALHOST")).isTrue();
        // DNS rebinding: a foreign name resolved to 127.0.0.1
        assertThat(check.allows("attacker.example")).isFalse();
        assertThat(check.allows("attacker.example:8080")).isFalse();
        assertThat(check.allows("localhost.attacker.example")).isFalse();
        assertThat(check.allows("192.168.1.20:8080")).isFalse();
        assertThat(check.allows("")).isFalse();
        assertThat(check.allows(null)).isFalse();
    }

    @Test
    void beyond_loopback_addresses_the_bound_name_and_allowed_names_are_answered() {
        HostCheck check = new HostCheck(mode("0.0.0.0", "lab.example.org"), Set.of("wb-host"));
        assertThat(check.allows("192.168.1.20:8080")).isTrue();
        assertThat(check.allows("[fe80::1]:8080")).isTrue();
        assertThat(check.allows("lab.example.org")).isTrue();
        assertThat(check.allows("wb-host:8080")).isTrue();
        assertThat(check.allows("attacker.example")).isFalse();
        assertThat(check.allows("0.0.0.0.attacker.example")).isFalse();
        HostCheck named = new HostCheck(mode("127.0.0.2"), Set.of());
        assertThat(named.allows("127.0.0.2:9000")).isTrue();
    }

    @Test
    void the_filter_refuses_a_foreign_host_with_403_and_passes_the_others() throws Exception {
        HostCheckFilter filter = new HostCheckFilter(new HostCheck(mode("127.0.0.1"), Set.of()));
        MockHttpServletRequest foreign = new MockHttpServletRequest("GET", "/");
        foreign.addHeader("Host", "attacker.example");
        MockHttpServletResponse refused = new MockHttpServletResponse();
        MockFilterChain notReached = new MockFilterChain();
        filter.doFilter(foreign, refused, notReached);
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.getContentAsString()).contains("RECPROMPT_ALLOWED_HOSTS");
        assertThat(notReached.getRequest()).isNull();

        MockHttpServletRequest local = new MockHttpServletRequest("GET", "/");
        local.addHeader("Host", "localhost:8080");
        MockFilterChain reached = new MockFilterChain();
        MockHttpServletResponse ok = new MockHttpServletResponse();
        filter.doFilter(local, ok, reached);
        assertThat(reached.getRequest()).isSameAs(local);
        assertThat(ok.getStatus()).isEqualTo(200);
    }

    @Test
    void a_post_from_another_sites_page_is_refused() throws Exception {
        HostCheck check = new HostCheck(mode("0.0.0.0", "lab.example.org"), Set.of());
        assertThat(check.sameOrigin(null, "127.0.0.1:8080")).isTrue();
        assertThat(check.sameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
        assertThat(check.sameOrigin("https://lab.example.org", "127.0.0.1:8080")).as("a reverse proxy's public name").isTrue();
        assertThat(check.sameOrigin("http://attacker.example", "127.0.0.1:8080")).isFalse();
        assertThat(check.sameOrigin("http://127.0.0.1:9999", "127.0.0.1:8080")).isFalse();
        assertThat(check.sameOrigin("null", "127.0.0.1:8080")).isFalse();

        HostCheckFilter filter = new HostCheckFilter(check);
        MockHttpServletRequest login = new MockHttpServletRequest("POST", "/login");
        login.addHeader("Host", "127.0.0.1:8080");
        login.addHeader("Origin", "http://attacker.example");
        MockHttpServletResponse refused = new MockHttpServletResponse();
        MockFilterChain notReached = new MockFilterChain();
        filter.doFilter(login, refused, notReached);
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(notReached.getRequest()).isNull();
    }

    @Test
    void without_a_login_a_request_forwarded_from_another_machine_is_refused() throws Exception {
        HostCheck open = new HostCheck(mode("127.0.0.1"), Set.of());
        assertThat(open.clientAllowed("127.0.0.1", null, null)).isTrue();
        assertThat(open.clientAllowed("0:0:0:0:0:0:0:1", null, null)).isTrue();
        assertThat(open.clientAllowed("203.0.113.9", null, null)).as("a client address a proxy's X-Forwarded-For gave").isFalse();
        assertThat(open.clientAllowed("127.0.0.1", "203.0.113.9", null)).isFalse();
        assertThat(open.clientAllowed("127.0.0.1", null, "for=203.0.113.9")).isFalse();
        HostCheck withLogin = new HostCheck(mode("127.0.0.1", "lab.example.org"), Set.of());
        assertThat(ServingMode.isLoopback("127.0.0.1")).isTrue();
        assertThat(withLogin.clientAllowed("203.0.113.9", "203.0.113.9", null)).as("a listed proxy name turns the login on").isTrue();

        HostCheckFilter filter = new HostCheckFilter(open);
        MockHttpServletRequest proxied = new MockHttpServletRequest("GET", "/");
        proxied.addHeader("Host", "localhost:8080");
        proxied.setRemoteAddr("203.0.113.9");
        MockHttpServletResponse refused = new MockHttpServletResponse();
        MockFilterChain notReached = new MockFilterChain();
        filter.doFilter(proxied, refused, notReached);
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.getContentAsString()).contains("RECPROMPT_ADMIN_PASSWORD");
        assertThat(notReached.getRequest()).isNull();
    }
}
