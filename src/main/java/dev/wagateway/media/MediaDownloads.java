package dev.wagateway.media;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.wagateway.whatsapp.GraphCallMetrics;
import dev.wagateway.whatsapp.Sender;
import dev.wagateway.whatsapp.WhatsAppCredentials;
import dev.wagateway.whatsapp.WhatsAppProperties;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The bytes of a customer's media file, from the short-lived URL Meta's lookup gave ({@link MediaLocation}), fetched
 * with the sender's bearer token (Apache HttpClient 5, its own small pool, connect and read timeouts of
 * WHATSAPP_TIMEOUT_MS) and handed on as a stream: the route's answer copies it to the caller as it arrives, never
 * whole in memory. The token goes to Meta only: the caller gets the bytes, their Content-Type and length.
 */
@Component("mediaDownloads")
public class MediaDownloads implements DisposableBean {

    /**
     * The file as a stream (closing it releases the connection), its Content-Type and length as Meta's answer gives
     * it (null: unknown, the answer is chunked).
     */
    public record Download(InputStream body, String contentType, Long contentLength) {
    }

    private static final int MAX_ERROR_BODY = 16 * 1024;

    private final CloseableHttpClient client;
    private final WhatsAppCredentials credentials;
    private final GraphCallMetrics metrics;

    public MediaDownloads(WhatsAppProperties whatsapp, WhatsAppCredentials credentials, GraphCallMetrics metrics) {
        this.metrics = metrics;
        Timeout timeout = Timeout.ofMilliseconds(whatsapp.timeoutMs());
        this.credentials = credentials;
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout)
                                .setSocketTimeout(timeout).build())
                        .setMaxConnTotal(50).setMaxConnPerRoute(50).build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(timeout)
                        .setResponseTimeout(timeout).setRedirectsEnabled(false).build())
                .disableCookieManagement()
                .disableContentCompression() // the bytes as Meta stores them, their length known, nothing inflated here
                .evictIdleConnections(Timeout.of(30, TimeUnit.SECONDS))
                .build();
    }

    /**
     * Opens the file: its stream, Content-Type (Meta's answer, else the lookup's MIME type) and length. A status
     * other than 2xx throws as camel-http would (HttpOperationFailedException, with Meta's body), so the one
     * classification table reads it.
     */
    public Download open(Sender sender, MediaLocation location) throws Exception {
        URI uri = url(location);
        HttpGet get = new HttpGet(uri);
        get.setHeader(HttpHeaders.AUTHORIZATION, credentials.authorizationHeader(sender));
        long start = System.nanoTime();
        ClassicHttpResponse response;
        try {
            response = client.executeOpen(null, get, null);
        } catch (IOException | RuntimeException e) {
            metrics.record("media_download", GraphCallMetrics.outcome(null, e), System.nanoTime() - start);
            throw e;
        }
        // until Meta's answer's head: the bytes stream to the caller afterwards, at the caller's pace
        metrics.record("media_download", GraphCallMetrics.outcome(response.getCode(), null),
                System.nanoTime() - start);
        HttpEntity entity = response.getEntity();
        if (response.getCode() / 100 != 2 || entity == null) {
            String body = entity == null ? "" : EntityUtils.toString(entity, MAX_ERROR_BODY);
            response.close();
            throw new HttpOperationFailedException(uri.getHost(), response.getCode(), response.getReasonPhrase(),
                    null, Map.of(), body);
        }
        String contentType = entity.getContentType() != null ? entity.getContentType() : location.mimeType();
        long length = entity.getContentLength();
        InputStream content = new FilterInputStream(entity.getContent()) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    response.close();
                }
            }
        };
        return new Download(new PassThroughStream(content, Math.max(length, 0)),
                contentType == null ? "application/octet-stream" : contentType,
                length >= 0 ? Long.valueOf(length) : null);
    }

    /** Meta's URL, absolute http(s): anything else is not fetched (nor sent the token). */
    private static URI url(MediaLocation location) throws IOException {
        try {
            URI uri = URI.create(location.url() == null ? "" : location.url());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() != null && (scheme.equals("https") || scheme.equals("http"))) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw new IOException("WhatsApp's media lookup gave no usable url");
    }

    /**
     * The answer's Content-Length, set on the servlet response itself: platform-http passes no Content-Length header
     * on (its header filter), and writes a stream body chunked otherwise.
     */
    public void announceLength(jakarta.servlet.http.HttpServletResponse response, Download download) {
        if (response != null && download.contentLength() != null) {
            response.setContentLengthLong(download.contentLength());
        }
    }

    @Override
    public void destroy() throws IOException {
        client.close();
    }
}
