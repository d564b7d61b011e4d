package org.recprompt.base;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;

/**
 * An item image's bytes, as the workbench sends or shows them: JPEG, PNG, GIF or WebP (the types
 * every vision provider takes), recognised by their first bytes, never by a file name or a server's
 * word; at most {@link #MAX_BYTES} bytes. Anything else (an HTML error page, an SVG, a text file
 * named .jpg) is not an image here.
 */
public record ImageBytes(byte[] bytes, String mimeType) {

    /** The largest image sent or shown: 5 MB (Anthropic's limit per image; OpenAI and Gemini allow more). */
    public static final int MAX_BYTES = 5 * 1024 * 1024;

    /** The type the first bytes say (image/jpeg, image/png, image/gif, image/webp), or null. */
    public static String sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0d && b[5] == 0x0a
                && b[6] == 0x1a && b[7] == 0x0a) {
            return "image/png";
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8' && (b[4] == '7' || b[4] == '9')
                && b[5] == 'a') {
            return "image/gif";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        return null;
    }

    /** The bytes as an image, or null when they are not one of the four types. */
    public static ImageBytes of(byte[] bytes) {
        String type = sniff(bytes);
        return type == null ? null : new ImageBytes(bytes, type);
    }

    /**
     * A local image file, read when it is at most {@link #MAX_BYTES} long and is an image; otherwise
     * an {@link IOException} whose message says why in words ("not found", "larger than 5 MB", "not
     * a JPEG, PNG, GIF or WebP image").
     */
    public static ImageBytes read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not found");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException("larger than " + megabytes(MAX_BYTES) + " (the limit for one image)");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IOException("larger than " + megabytes(MAX_BYTES) + " (the limit for one image)");
        }
        ImageBytes image = of(bytes);
        if (image == null) {
            throw new IOException("not a JPEG, PNG, GIF or WebP image");
        }
        return image;
    }

    /** A data URL ({@code data:image/png;base64,...}): how the adapters take inline bytes. */
    public String dataUrl() {
        return "data:" + mimeType + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    /** "5 MB" for whole megabytes, else the bytes. */
    public static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
    }
}
