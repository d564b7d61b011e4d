package org.recprompt.workspace.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The workbench's accounts (table user_account): the login looks them up here, and an
 * administrator adds and removes them and resets their passwords. Passwords are kept only as
 * {@link PasswordEncoder} hashes (bcrypt by default). Not a UserDetailsService bean itself, so
 * Spring Security builds no login of its own from it: {@link SecurityBeans} hands it to the one
 * provider, {@link ThrottledAuthenticationProvider}. Every change but the start-up one needs a
 * signed-in administrator.
 */
@Service
public class AccountService {

    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
    static final int MIN_PASSWORD = 10;
    /** bcrypt reads at most 72 bytes of a password. */
    static final int MAX_PASSWORD_BYTES = 72;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

    private final UserAccountRepository accounts;
    private final PasswordEncoder encoder;
    private final Clock clock;
    private final ProjectMemberRepository memberships;

    AccountService(UserAccountRepository accounts, PasswordEncoder encoder, Clock clock, ProjectMemberRepository memberships) {
        this.accounts = accounts;
        this.memberships = memberships;
        this.encoder = encoder;
        this.clock = clock;
    }

    /** For the login check (Spring's UserDetailsService): the account's hash and authorities. */
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        UserAccount account = accounts.findByUsername(normalise(username))
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
        return User.withUsername(account.getUsername()).password(account.getPasswordHash())
                .roles(account.getRole() == Role.ADMIN ? new String[] {"ADMIN", "USER"} : new String[] {"USER"}).build();
    }

    @Transactional(readOnly = true)
    public List<UserAccount> list() {
        requireAdmin();
        return accounts.findAllByOrderByUsernameAsc();
    }

    @Transactional
    public UserAccount add(String username, String password, Role role) {
        requireAdmin();
        String name = checkName(username);
        if (accounts.findByUsername(name).isPresent()) {
            throw new AccountException("An account named '" + name + "' already exists.");
        }
        checkPassword(password);
        UserAccount account = accounts.save(new UserAccount(name, encoder.encode(password), role, clock.instant()));
        LOG.info("Account '{}' ({}) added by {}", name, role, currentUser());
        return account;
    }

    @Transactional
    public void resetPassword(String username, String password) {
        requireAdmin();
        UserAccount account = existing(username);
        checkPassword(password);
        account.setPassword(encoder.encode(password), clock.instant());
        LOG.info("Password of account '{}' reset by {}", account.getUsername(), currentUser());
    }

    @Transactional
    public void remove(String username) {
        requireAdmin();
        UserAccount account = existing(username);
        if (account.getUsername().equals(currentUser())) {
            throw new AccountException("You cannot remove your own account while signed in with it.");
        }
        if (account.getRole() == Role.ADMIN && accounts.countByRole(Role.ADMIN) <= 1) {
            throw new AccountException("'" + account.getUsername() + "' is the last administrator and cannot be removed.");
        }
        accounts.delete(account);
        // its project memberships go with it: a later account of that name starts with none
        memberships.deleteByUsername(account.getUsername());
        LOG.info("Account '{}' removed by {}", account.getUsername(), currentUser());
    }

    /** True when the signed-in account (if any) is an administrator. */
    public static boolean isAdmin() {
        Authentication auth = signedIn();
        return auth != null && auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"));
    }

    /** The signed-in account's name, or "" when nobody is signed in. */
    public static String currentUser() {
        Authentication auth = signedIn();
        return auth == null || auth.getName() == null ? "" : auth.getName();
    }

    /** The current authentication when it is a signed-in account (Spring's anonymous visitor is not). */
    private static Authentication signedIn() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken ? null : auth;
    }

    /** At start-up, from RECPROMPT_ADMIN_PASSWORD: creates the administrator or sets its password. */
    @Transactional
    void ensureAdministrator(String username, String password) {
        String name = checkName(username);
        checkPassword(password);
        UserAccount account = accounts.findByUsername(name).orElse(null);
        if (account == null) {
            accounts.save(new UserAccount(name, encoder.encode(password), Role.ADMIN, clock.instant()));
            LOG.info("Administrator account '{}' created from RECPROMPT_ADMIN_PASSWORD", name);
        } else {
            if (!encoder.matches(password, account.getPasswordHash())) {
                account.setPassword(encoder.encode(password), clock.instant());
                LOG.info("Administrator account '{}': password set from RECPROMPT_ADMIN_PASSWORD", name);
            }
            account.setRole(Role.ADMIN);
        }
    }

    @Transactional(readOnly = true)
    boolean hasAdministrator() {
        return accounts.countByRole(Role.ADMIN) > 0;
    }

    private UserAccount existing(String username) {
        return accounts.findByUsername(normalise(username))
                .orElseThrow(() -> new AccountException("There is no account named '" + username + "'."));
    }

    private static void requireAdmin() {
        if (!isAdmin()) {
            throw new AccountException("Only an administrator can manage accounts.");
        }
    }

    static String normalise(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }

    static String checkName(String username) {
        String name = normalise(username);
        if (!NAME.matcher(name).matches()) {
            throw new AccountException("An account name is 1 to 64 letters, digits or . _ @ - (starting with a letter or digit).");
        }
        return name;
    }

    static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new AccountException("A password needs at least " + MIN_PASSWORD + " characters.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new AccountException("A password can be at most " + MAX_PASSWORD_BYTES + " bytes long (bcrypt reads no more).");
        }
    }
}
