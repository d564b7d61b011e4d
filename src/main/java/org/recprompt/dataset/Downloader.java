package org.recprompt.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;

import org.recprompt.base.ProgressMonitor;
import org.springframework.stereotype.Component;

/**
 * Fetches a file over HTTP(S) with the JDK client (HTTP/1.1, redirects followed), streaming it
 * to disk while computing its SHA-256 and reporting bytes as progress. Cancelling stops it.
 */
@Component
public class Downloader {

    /** Made by the first download: building it (and its selector thread) took about 70 ms of the workbench's start. */
    private volatile HttpClient client;

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .connectTimeout(Duration.ofSeconds(20))
                            .build();
                }
                c = client;
            }
        }
        return c;
    }

    /** Downloads {@code uri} into {@code target} and returns the SHA-256 of what was received. */
    public String fetch(URI uri, Path target, long expectedBytes, ProgressMonitor monitor) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + uri, e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException(uri + " answered HTTP " + response.statusCode());
        }
        long length = response.headers().firstValueAsLong("content-length").orElse(expectedBytes);
        monitor.begin(Math.max(1, length));
        var digest = Archives.sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (monitor.isCancelled()) {
                    throw new IOException("the download of " + uri + " was cancelled");
                }
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                monitor.worked(n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
