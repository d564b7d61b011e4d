package org.recprompt.workspace.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.recprompt.SpringTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

class AccountServiceTest extends SpringTestBase {

    @Autowired
    AccountService accounts;
    @Autowired
    UserAccountRepository repository;
    @Autowired
    ThrottledAuthenticationProvider login;
    @Autowired
    ServingMode mode;

    @AfterEach
    void cleanUp() {
        SecurityContextHolder.clearContext();
        repository.deleteAll();
    }

    static void signInAs(String name, String... roles) {
        TestingAuthenticationToken auth = new TestingAuthenticationToken(name, "", roles);
        auth.setAuthenticated(true);
        SecurityContextHolder.getContext().setAuthentication(auth);
    }

    @Test
    void by_default_the_workbench_binds_loopback_and_asks_for_no_login() {
        assertThat(mode.address()).isEqualTo("127.0.0.1");
        assertThat(mode.beyondLoopback()).isFalse();
        assertThat(mode.loginRequired()).isFalse();
    }

    @Test
    void passwords_are_stored_as_bcrypt_hashes_only() {
        accounts.ensureAdministrator("Admin", "first-admin-password");
        String hash = repository.findByUsername("admin").orElseThrow().getPasswordHash();
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain("first-admin-password");
        assertThat(login.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("ADMIN", "first-admin-password"))
                .getAuthorities()).extracting(Object::toString).contains("ROLE_ADMIN", "ROLE_USER");
        // setting it again from the environment replaces the hash
        accounts.ensureAdministrator("admin", "second-admin-password");
        assertThatThrownBy(() -> login.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("admin", "first-admin-password")))
                .isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void an_administrator_adds_a_user_who_can_then_sign_in_and_only_an_administrator_can() {
        accounts.ensureAdministrator("admin", "first-admin-password");
        signInAs("admin", "ROLE_ADMIN", "ROLE_USER");
        accounts.add("Alice", "alice-password-1", Role.USER);
        assertThatThrownBy(() -> accounts.add("alice", "another-password", Role.USER)).hasMessageContaining("already exists");
        assertThatThrownBy(() -> accounts.add("bob", "short", Role.USER)).hasMessageContaining("at least 10 characters");
        assertThatThrownBy(() -> accounts.add("bob smith", "long-enough-pw", Role.USER)).hasMessageContaining("account name");
        assertThat(accounts.list()).extracting(UserAccount::getUsername).containsExactly("admin", "alice");

        SecurityContextHolder.clearContext();
        var alice = login.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("alice", "alice-password-1"));
        assertThat(alice.isAuthenticated()).isTrue();
        assertThat(alice.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_USER");

        signInAs("alice", "ROLE_USER");
        assertThatThrownBy(() -> accounts.add("mallory", "mallory-password", Role.ADMIN)).hasMessageContaining("Only an administrator");
        assertThatThrownBy(() -> accounts.list()).isInstanceOf(AccountException.class);

        // Spring's anonymous visitor (every request before a login) is nobody, and no administrator
        SecurityContextHolder.getContext().setAuthentication(new AnonymousAuthenticationToken("key", "anonymousUser",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS", "ROLE_ADMIN")));
        assertThat(AccountService.currentUser()).isEmpty();
        assertThat(AccountService.isAdmin()).isFalse();
    }

    @Test
    void an_administrator_resets_passwords_and_removes_accounts_but_not_the_last_administrator() {
        accounts.ensureAdministrator("admin", "first-admin-password");
        signInAs("admin", "ROLE_ADMIN", "ROLE_USER");
        accounts.add("carol", "carol-password-1", Role.USER);
        accounts.resetPassword("carol", "carol-password-2");
        assertThat(login.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("carol", "carol-password-2"))
                .isAuthenticated()).isTrue();
        assertThatThrownBy(() -> accounts.remove("admin")).hasMessageContaining("your own account");
        signInAs("carol-admin", "ROLE_ADMIN");
        assertThatThrownBy(() -> accounts.remove("admin")).hasMessageContaining("last administrator");
        accounts.remove("carol");
        assertThatThrownBy(() -> login.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("carol", "carol-password-2")))
                .isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void repeated_failed_logins_are_refused_even_with_the_right_password() {
        accounts.ensureAdministrator("eve", "eve-admin-password");
        for (int i = 0; i < LoginThrottle.FREE_PER_USER; i++) {
            assertThatThrownBy(() -> login.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("eve", "wrong-guess")))
                    .isInstanceOf(BadCredentialsException.class);
        }
        assertThatThrownBy(() -> login.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("eve", "eve-admin-password")))
                .isInstanceOf(LoginThrottledException.class).hasMessageContaining("try again in");
    }
}
