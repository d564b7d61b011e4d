package org.recprompt.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Optional item images (posters, covers) for vision prompts: a file {@code images/<item id>.<ext>}
 * beside the data (jpg, jpeg, png, webp, gif), or else an item attribute named image, poster,
 * image_url, cover or cover_url holding a path or URL.
 */
public final class ItemImages {

    static final List<String> ATTRIBUTES = List.of("image", "poster", "image_url", "cover", "cover_url");
    static final List<String> EXTENSIONS = List.of("jpg", "jpeg", "png", "webp", "gif");

    private ItemImages() {
    }

    /** The dataset with images attached where any are found; the same dataset otherwise. */
    public static Dataset attach(Dataset d, Path dataFolder) {
        Items items = d.items();
        String[] images = new String[items.size()];
        boolean any = false;
        Path folder = dataFolder == null ? null : dataFolder.resolve("images");
        if (folder != null && Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    int dot = name.lastIndexOf('.');
                    if (dot <= 0 || !EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
                        continue;
                    }
                    int item = items.indexOf(name.substring(0, dot));
                    if (item >= 0) {
                        images[item] = f.toAbsolutePath().toString();
                        any = true;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
            }
        }
        for (String attribute : ATTRIBUTES) {
            String[] column = items.attributes().get(attribute);
            if (column == null) {
                continue;
            }
            for (int i = 0; i < column.length; i++) {
                if (images[i] == null && column[i] != null && !column[i].isBlank()) {
                    images[i] = column[i].strip();
                    any = true;
                }
            }
        }
        if (!any) {
            return d;
        }
        Items withImages = new Items(items.ids(), items.titles(), items.years(), items.genres(), items.genreNames(),
                items.attributes(), images);
        return d.derived(d.name(), withImages, d.users(), d.interactions());
    }
}
