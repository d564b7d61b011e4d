package org.recprompt.base.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;

/** What a thumbnail shows for each kind of image reference a dataset may hold. */
class ItemThumbnailTest {

    @TempDir
    Path dir;

    @BeforeEach
    void ui() {
        MockVaadin.setup();
    }

    @AfterEach
    void close() {
        MockVaadin.tearDown();
    }

    @Test
    void an_http_url_is_loaded_by_the_browser_without_a_referrer_and_not_at_all_when_local_only() {
        Component c = ItemThumbnail.of(" https://images.example.org/covers/1.jpg ", "Gone Girl", false);

        assertThat(c).isInstanceOf(Image.class);
        Image image = (Image) c;
        assertThat(image.getSrc()).isEqualTo("https://images.example.org/covers/1.jpg");
        assertThat(image.getAlt()).contains("Gone Girl");
        assertThat(image.getElement().getAttribute("referrerpolicy")).isEqualTo("no-referrer");
        assertThat(((Span) ItemThumbnail.of("http://x.example/p.jpg", "Heat", true)).getText())
                .isEqualTo("(image not loaded: local only)");
    }

    @Test
    void a_local_file_is_served_when_it_exists_and_other_schemes_are_not_shown() throws Exception {
        Path png = Files.write(dir.resolve("1.png"), Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="));

        assertThat(ItemThumbnail.of(png.toString(), "Up", true)).isInstanceOf(Image.class);
        assertThat(((Image) ItemThumbnail.of(png.toString(), "Up", true)).getSrc()).doesNotContain(dir.toString());
        assertThat(((Span) ItemThumbnail.of(dir.resolve("missing.png").toString(), "Up", false)).getText())
                .isEqualTo("(image file not found)");
        assertThat(((Span) ItemThumbnail.of("file:///etc/passwd", "Up", false)).getText())
                .isEqualTo("(image not shown: only http(s) URLs and local files are)");
        assertThat(((Span) ItemThumbnail.of("javascript:alert(1)", "Up", false)).getText())
                .startsWith("(image not shown");
        assertThat(ItemThumbnail.of("", "Up", false)).isNull();
        assertThat(ItemThumbnail.of(null, "Up", false)).isNull();
    }
}
