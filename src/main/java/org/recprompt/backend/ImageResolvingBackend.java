package org.recprompt.backend;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.recprompt.base.ImageBytes;
import org.recprompt.prompt.Message;

/**
 * Turns the item images of a request's messages (as the dataset names them: an http(s) URL, a
 * local file, or a data URL) into what the provider takes, before the adapter sees them:
 * <ul>
 * <li>{@link Delivery#URLS} (Anthropic, OpenAI's and other remote OpenAI-compatible servers): an
 * https URL is sent as the URL, and the provider fetches it;</li>
 * <li>{@link Delivery#BYTES} (Gemini, Ollama, an OpenAI-compatible server on this machine such as
 * Ollama's /v1, llama.cpp or LM Studio, which take only inline images): the URL's image is fetched
 * once into the {@link ImageCache} and sent as base64 bytes (a data URL); so is a plain http URL
 * for every provider.</li>
 * </ul>
 * A local file is read (bounded, an image by its bytes) and sent as bytes to every provider. An
 * image that cannot be used makes the call a failure that names it (kind IMAGE, or LOCAL_ONLY when
 * it would need a fetch under local only): the call is not made with the image silently left out.
 * It sits inside the response cache, whose key covers the images as written (the URL, the path),
 * so a cached answer is served without any fetch.
 */
public final class ImageResolvingBackend implements Backend {

    /** How a provider takes images. */
    public enum Delivery {
        /** https URLs as URLs; the rest as bytes. */
        URLS,
        /** every image as inline bytes. */
        BYTES;

        /** Anthropic and remote OpenAI-compatible servers take URLs; Gemini, Ollama and local servers take bytes. */
        public static Delivery of(String provider, boolean remote) {
            String p = provider == null ? "" : provider.toLowerCase(Locale.ROOT);
            return p.equals("anthropic") || p.equals("openai") && remote ? URLS : BYTES;
        }
    }

    private final Backend inner;
    private final ImageCache cache;
    private final Delivery delivery;

    public ImageResolvingBackend(Backend inner, ImageCache cache, Delivery delivery) {
        this.inner = inner;
        this.cache = cache;
        this.delivery = delivery;
    }

    @Override
    public BackendResult generate(BackendRequest request) {
        if (request.messages().stream().allMatch(m -> m.images().isEmpty())) {
            return inner.generate(request);
        }
        List<Message> messages = new ArrayList<>(request.messages().size());
        try {
            for (Message m : request.messages()) {
                if (m.images().isEmpty()) {
                    messages.add(m);
                    continue;
                }
                List<String> images = new ArrayList<>(m.images().size());
                for (String image : m.images()) {
                    images.add(resolve(image));
                }
                messages.add(new Message(m.role(), m.text(), images, m.step()));
            }
        } catch (ImageCache.ImageException e) {
            return BackendResult.failed(new Failure(e.kind(), e.getMessage()), 0).withAttempts(0);
        }
        return inner.generate(new BackendRequest(messages, request.sampleIndex(), request.labels(), request.tags()));
    }

    /** One image as the provider takes it. */
    String resolve(String ref) throws ImageCache.ImageException {
        String r = ref.strip();
        String lower = r.toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:")) {
            return r;
        }
        if (lower.startsWith("https://")) {
            return delivery == Delivery.URLS ? r : cache.get(r).dataUrl();
        }
        if (lower.startsWith("http://")) {
            return cache.get(r).dataUrl();
        }
        if (lower.matches("^[a-z][a-z0-9+.-]+:.*")) { // file:, ftp:, ... (a one-letter scheme is a Windows drive)
            throw new ImageCache.ImageException(Failure.Kind.IMAGE, "item image " + Egress.endpoint(r)
                    + ": only http and https URLs and local files are used");
        }
        try {
            return ImageBytes.read(Path.of(r)).dataUrl();
        } catch (IOException | InvalidPathException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "not found" : e.getMessage();
            throw new ImageCache.ImageException(Failure.Kind.IMAGE, "item image file " + r + ": " + why);
        }
    }
}
