package org.recprompt.workspace.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The workbench as it is served to a group, over real HTTP on 127.0.0.1 (this machine allows only
 * loopback traffic, so the administrator password is what makes it ask for a login here, as
 * 0.0.0.0 would): nothing but the login page before a login, the headers, the Host check, the
 * throttle, and a user added by the administrator signing in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExposedWorkbenchTest {

    static final String ADMIN_PASSWORD = "exposed-admin-password";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path workspace = Files.createTempDirectory("recprompt-exposed-ws");
        registry.add("recprompt.workspace", workspace::toString);
        registry.add("recprompt.sample-project", () -> "false");
        registry.add(ServingMode.ADMIN_PASSWORD, () -> ADMIN_PASSWORD);
    }

    @LocalServerPort
    int port;
    @Autowired
    AccountService accounts;
    @Autowired
    ServingMode mode;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    /** A browser-like session: its cookie, and the last response. */
    final class Session {
        String cookie;
        int status;
        String location = "";
        String body = "";
        HttpURLConnection last;

        Session get(String path) throws IOException {
            return send("GET", path, null);
        }

        Session send(String method, String path, String form) throws IOException {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
            c.setInstanceFollowRedirects(false);
            c.setRequestMethod(method);
            if (cookie != null) {
                c.setRequestProperty("Cookie", cookie);
            }
            if (form != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(form.getBytes(StandardCharsets.UTF_8));
                }
            }
            status = c.getResponseCode();
            String setCookie = c.getHeaderField("Set-Cookie");
            if (setCookie != null && setCookie.startsWith("JSESSIONID=")) {
                cookie = setCookie.substring(0, setCookie.indexOf(';'));
            }
            location = c.getHeaderField("Location") == null ? "" : c.getHeaderField("Location");
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            last = c;
            return this;
        }

        /** Opens the login page and posts the form with its CSRF token, as Vaadin's login form does. */
        Session login(String name, String password) throws IOException {
            get("/login");
            Matcher token = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"").matcher(body);
            assertThat(token.find()).as("the login page carries a CSRF token").isTrue();
            return send("POST", "/login", "username=" + enc(name) + "&password=" + enc(password) + "&_csrf=" + enc(token.group(1)));
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void before_a_login_every_page_leads_to_the_login_page_and_it_carries_the_browser_protections() throws IOException {
        assertThat(mode.loginRequired()).isTrue();
        Session anonymous = new Session();
        for (String path : new String[] {"/", "/anything", "/VAADIN/dynamic/resource/0/x/file.csv"}) {
            anonymous.get(path);
            assertThat(anonymous.status).as(path).isEqualTo(302);
            assertThat(anonymous.location).as(path).endsWith("/login");
        }
        anonymous.get("/login");
        assertThat(anonymous.status).isEqualTo(200);
        assertThat(anonymous.body).doesNotContainIgnoringCase("project explorer");
        HttpURLConnection page = anonymous.last;
        assertThat(page.getHeaderField("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.getHeaderField("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.getHeaderField("Content-Security-Policy")).contains("frame-ancestors 'none'", "default-src 'self'");
    }

    @Test
    void the_default_address_is_listened_on_as_ipv4_loopback_only() throws IOException {
        Path tcp = Path.of("/proc/net/tcp");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(tcp), "no /proc/net/tcp on this system");
        String port = String.format("%04X", this.port);
        // 0100007F is 127.0.0.1 in /proc's byte order; 0A is LISTEN
        assertThat(Files.readAllLines(tcp)).anyMatch(line -> line.trim().split("\\s+")[1].equals("0100007F:" + port)
                && line.trim().split("\\s+")[3].equals("0A"));
        Path tcp6 = Path.of("/proc/net/tcp6");
        if (Files.isReadable(tcp6)) {
            assertThat(Files.readAllLines(tcp6)).noneMatch(line -> line.contains(":" + port + " ") && line.contains(" 0A "));
        }
    }

    @Test
    void a_foreign_host_name_is_refused() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET /login HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 403").contains("RECPROMPT_ALLOWED_HOSTS");
        }
    }

    @Test
    void the_administrator_signs_in_and_a_wrong_password_does_not() throws IOException {
        Session wrong = new Session().login("admin", "not-the-password");
        assertThat(wrong.status).isEqualTo(302);
        assertThat(wrong.location).endsWith("/login?error");
        assertThat(wrong.get("/").status).isEqualTo(302);

        Session admin = new Session().login("admin", ADMIN_PASSWORD);
        assertThat(admin.location).doesNotContain("login");
        assertThat(admin.get("/").status).isEqualTo(200);
    }

    @Test
    void an_account_the_administrator_adds_can_sign_in() throws IOException {
        TestingAuthenticationToken admin = new TestingAuthenticationToken("admin", "", "ROLE_ADMIN", "ROLE_USER");
        SecurityContextHolder.getContext().setAuthentication(admin);
        accounts.add("dana", "dana-password-1", Role.USER);
        SecurityContextHolder.clearContext();
        Session dana = new Session().login("dana", "dana-password-1");
        assertThat(dana.location).doesNotContain("login");
        assertThat(dana.get("/").status).isEqualTo(200);
    }

    @Test
    void after_five_failures_even_the_right_password_waits() throws IOException {
        TestingAuthenticationToken admin = new TestingAuthenticationToken("admin", "", "ROLE_ADMIN", "ROLE_USER");
        SecurityContextHolder.getContext().setAuthentication(admin);
        accounts.add("erin", "erin-password-1", Role.USER);
        SecurityContextHolder.clearContext();
        for (int i = 0; i < LoginThrottle.FREE_PER_USER; i++) {
            assertThat(new Session().login("erin", "guess-" + i).location).endsWith("/login?error");
        }
        Session erin = new Session().login("erin", "erin-password-1");
        assertThat(erin.location).contains("/login?wait=");
        assertThat(erin.get("/").status).isEqualTo(302);
    }
}
