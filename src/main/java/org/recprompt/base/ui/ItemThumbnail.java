package org.recprompt.base.ui;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

import org.recprompt.base.ImageBytes;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;

/**
 * A small picture of an item's image (poster, cover) beside its title, as the dataset names it: an
 * http(s) URL is loaded by the browser from its host (no referrer sent; not at all when the
 * project or run is local only, which says so instead), a local file is served by the workbench
 * (read bounded and only when its bytes are a JPEG, PNG, GIF or WebP image), and anything else is
 * not shown. The title is the alternative text, set as an attribute (never HTML).
 */
public final class ItemThumbnail {

    private ItemThumbnail() {
    }

    /** The thumbnail, a short note when it cannot be shown, or null when the item has no image. */
    public static Component of(String ref, String title, boolean localOnly) {
        if (ref == null || ref.isBlank()) {
            return null;
        }
        String r = ref.strip();
        String lower = r.toLowerCase(Locale.ROOT);
        String alt = title == null || title.isBlank() ? "item image" : title;
        Image image;
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            if (localOnly) {
                return note("image not loaded: local only");
            }
            image = new Image(r, alt);
            image.getElement().setAttribute("referrerpolicy", "no-referrer");
        } else if (lower.matches("data:image/(png|jpeg|gif|webp);base64,[a-z0-9+/=]*")) {
            image = new Image(r, alt);
        } else if (lower.matches("[a-z][a-z0-9+.-]+:.*")) { // file:, ftp:, ... (one letter is a Windows drive)
            return note("image not shown: only http(s) URLs and local files are");
        } else {
            Path file;
            try {
                file = Path.of(r);
            } catch (InvalidPathException e) {
                return note("image not shown: unreadable path");
            }
            if (!Files.isRegularFile(file)) {
                return note("image file not found");
            }
            image = new Image(DownloadHandler.fromInputStream(event -> {
                try {
                    ImageBytes bytes = ImageBytes.read(file);
                    return new DownloadResponse(new ByteArrayInputStream(bytes.bytes()), file.getFileName().toString(),
                            bytes.mimeType(), bytes.bytes().length);
                } catch (IOException e) {
                    return DownloadResponse.error(404, e.getMessage());
                }
            }).inline(), alt);
        }
        image.getElement().setAttribute("loading", "lazy");
        image.getElement().setAttribute("title", alt);
        image.addClassName("rp-thumb");
        return image;
    }

    private static Span note(String text) {
        Span s = new Span("(" + text + ")");
        s.addClassNames("rp-muted", "rp-thumb-note");
        return s;
    }
}
