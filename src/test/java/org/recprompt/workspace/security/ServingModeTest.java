package org.recprompt.workspace.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ServingModeTest {

    private static MockEnvironment env(String address) {
        MockEnvironment env = new MockEnvironment();
        if (address != null) {
            env.setProperty(ServingMode.ADDRESS, address);
        }
        return env;
    }

    @Test
    void loopback_addresses_need_no_login() {
        for (String address : new String[] {"127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"}) {
            ServingMode mode = ServingMode.from(env(address));
            assertThat(mode.beyondLoopback()).as(address).isFalse();
            assertThat(mode.loginRequired()).as(address).isFalse();
        }
    }

    @Test
    void every_interface_or_another_address_needs_a_login() {
        for (String address : new String[] {"0.0.0.0", "::", "192.168.1.20", "10.0.0.5"}) {
            ServingMode mode = ServingMode.from(env(address));
            assertThat(mode.beyondLoopback()).as(address).isTrue();
            assertThat(mode.loginRequired()).as(address).isTrue();
        }
        // No address at all: Spring binds every interface.
        assertThat(ServingMode.from(env(null)).loginRequired()).isTrue();
    }

    @Test
    void an_admin_password_or_login_always_asks_for_a_login_on_loopback_too() {
        MockEnvironment withPassword = env("127.0.0.1").withProperty(ServingMode.ADMIN_PASSWORD, "long-enough-password");
        assertThat(ServingMode.from(withPassword).loginRequired()).isTrue();
        assertThat(ServingMode.from(withPassword).beyondLoopback()).isFalse();
        assertThat(ServingMode.from(env("127.0.0.1").withProperty(ServingMode.LOGIN, "always")).loginRequired()).isTrue();
        assertThatThrownBy(() -> ServingMode.from(env("127.0.0.1").withProperty(ServingMode.LOGIN, "never")))
                .hasMessageContaining("'auto' or 'always'");
    }

    @Test
    void allowed_hosts_are_a_trimmed_lower_case_list() {
        ServingMode mode = ServingMode.from(env("0.0.0.0").withProperty(ServingMode.ALLOWED_HOSTS, " Lab.Example.org, ,wb.local "));
        assertThat(mode.allowedHosts()).containsExactlyInAnyOrder("lab.example.org", "wb.local");
        assertThat(mode.adminUser()).isEqualTo("admin");
    }
}
