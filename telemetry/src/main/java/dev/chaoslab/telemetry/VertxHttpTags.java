package dev.chaoslab.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpUtils;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.core.spi.tracing.TagExtractor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sets the tags of Vert.x's own HTTP tag extractors on a span (builder, or {@link HttpSpan}'s attributes) with the same
 * attributes as {@link TagKeys#setAll}, read straight from the request or response with keys made once, except a server
 * request's deprecated {@code http.url}, which is left out (OpenTelemetry's stable HTTP conventions give a server span
 * {@code url.scheme}, {@code url.path} and {@code url.query} instead): a server request's {@code http.request.method},
 * {@code url.scheme}, {@code url.path} and {@code url.query} when it has one; a client request's {@code url.full} and
 * {@code http.request.method}; a response's {@code http.response.status_code}. An extractor is Vert.x's own when its
 * class is one of {@code HttpUtils}' and its tag names are one of these lists (the server request's with
 * {@code http.url} first), checked once per extractor; any other extractor, or an object of another type, goes through
 * {@link TagKeys}, which copies every tag. Vert.x hands the same four singletons (the constants of {@code HttpUtils})
 * every time: they are read once, reflectively, and recognised by identity before the map is asked; a Vert.x whose
 * constants cannot be read is served by the map alone.
 *
 * <p>Thread safety: safe from any thread.
 */
final class VertxHttpTags {

    /** The tag name of Vert.x's server request extractor that no span gets. */
    static final AttributeKey<String> HTTP_URL = AttributeKey.stringKey("http.url");

    static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    static final AttributeKey<String> HTTP_RESPONSE_STATUS_CODE = AttributeKey.stringKey("http.response.status_code");

    /** Extractors whose verdict is kept at most: Vert.x has four; the rest are looked at again per call. */
    static final int MAX_EXTRACTORS = 64;

    private static final String VERTX_HTTP_UTILS = "io.vertx.core.http.impl.HttpUtils$";
    private static final List<String> SERVER_REQUEST_NAMES =
            names(HTTP_URL, HTTP_REQUEST_METHOD, URL_SCHEME, URL_PATH, URL_QUERY);
    private static final List<String> CLIENT_REQUEST_NAMES = names(URL_FULL, HTTP_REQUEST_METHOD);
    private static final List<String> RESPONSE_NAMES = names(HTTP_RESPONSE_STATUS_CODE);
    private static final int FIRST_STATUS = 100;
    private static final String[] STATUS_CODES = statusCodes(FIRST_STATUS, 600);
    private static final ConcurrentHashMap<TagExtractor<?>, Kind> KINDS = new ConcurrentHashMap<>();

    /** Vert.x's own extractors, {@code null} where not found (then the map serves). */
    private static final TagExtractor<?> VERTX_SERVER_REQUEST =
            vertxExtractor("SERVER_REQUEST_TAG_EXTRACTOR", Kind.SERVER_REQUEST);

    private static final TagExtractor<?> VERTX_CLIENT_REQUEST =
            vertxExtractor("CLIENT_HTTP_REQUEST_TAG_EXTRACTOR", Kind.CLIENT_REQUEST);
    private static final TagExtractor<?> VERTX_SERVER_RESPONSE =
            vertxExtractor("SERVER_RESPONSE_TAG_EXTRACTOR", Kind.RESPONSE);
    private static final TagExtractor<?> VERTX_CLIENT_RESPONSE =
            vertxExtractor("CLIENT_RESPONSE_TAG_EXTRACTOR", Kind.RESPONSE);

    /** Which of Vert.x's HTTP extractors an extractor is, {@link #OTHER} for any other. */
    enum Kind {
        SERVER_REQUEST,
        CLIENT_REQUEST,
        RESPONSE,
        OTHER
    }

    private VertxHttpTags() {}

    /** Where string attributes go: a span builder, or the start attributes of an {@link HttpSpan}. */
    interface StringAttributes {
        /** Sets {@code key} to {@code value}; a {@code null} value sets nothing. */
        void put(AttributeKey<String> key, String value);
    }

    /**
     * Sets {@code extractor}'s tags of {@code request} on {@code builder}; returns the {@code url.path} set,
     * {@code null} when none is.
     */
    static <R> String setRequestTags(SpanBuilder builder, R request, TagExtractor<R> extractor) {
        return setRequestTags((StringAttributes) builder::setAttribute, request, extractor);
    }

    /**
     * Sets {@code extractor}'s tags of {@code request} on {@code attributes}; returns the {@code url.path} set,
     * {@code null} when none is.
     */
    static <R> String setRequestTags(StringAttributes attributes, R request, TagExtractor<R> extractor) {
        Kind kind = kind(extractor);
        if (kind == Kind.SERVER_REQUEST && request instanceof HttpServerRequest server) {
            attributes.put(HTTP_REQUEST_METHOD, server.method().name());
            attributes.put(URL_SCHEME, server.scheme());
            String path = server.path();
            attributes.put(URL_PATH, path);
            String query = server.query();
            if (query != null) {
                attributes.put(URL_QUERY, query);
            }
            return path;
        }
        if (kind == Kind.CLIENT_REQUEST && request instanceof HttpRequest client) {
            attributes.put(URL_FULL, client.absoluteURI());
            attributes.put(HTTP_REQUEST_METHOD, client.method().name());
            return null;
        }
        return TagKeys.setAll(attributes, request, extractor, URL_PATH.getKey());
    }

    /**
     * Sets {@code extractor}'s tags of {@code response} on {@code span}; {@code status} is the response's status
     * code as {@link HttpSpanStatus#statusCode} reads it.
     */
    static <R> void setResponseTags(Span span, R response, int status, TagExtractor<R> extractor) {
        if (isVertxResponse(response, extractor)) {
            span.setAttribute(HTTP_RESPONSE_STATUS_CODE, statusCode(status));
            return;
        }
        TagKeys.setAll(span, response, extractor);
    }

    /**
     * Whether {@code response} is a Vert.x HTTP response with Vert.x's own extractor, whose one tag is
     * {@code http.response.status_code}.
     */
    static <R> boolean isVertxResponse(R response, TagExtractor<R> extractor) {
        return kind(extractor) == Kind.RESPONSE && response instanceof HttpResponse;
    }

    /** {@code Integer.toString(status)}, made once for the codes 100 to 599. */
    static String statusCode(int status) {
        int index = status - FIRST_STATUS;
        return index >= 0 && index < STATUS_CODES.length ? STATUS_CODES[index] : Integer.toString(status);
    }

    /** Which of Vert.x's HTTP extractors {@code extractor} is. */
    static Kind kind(TagExtractor<?> extractor) {
        if (extractor == null) {
            return Kind.OTHER;
        }
        if (extractor == VERTX_SERVER_REQUEST) {
            return Kind.SERVER_REQUEST;
        }
        if (extractor == VERTX_SERVER_RESPONSE || extractor == VERTX_CLIENT_RESPONSE) {
            return Kind.RESPONSE;
        }
        if (extractor == VERTX_CLIENT_REQUEST) {
            return Kind.CLIENT_REQUEST;
        }
        Kind kind = KINDS.get(extractor);
        if (kind != null) {
            return kind;
        }
        kind = classify(extractor);
        if (KINDS.size() < MAX_EXTRACTORS) {
            KINDS.putIfAbsent(extractor, kind);
        }
        return kind;
    }

    /** Whether Vert.x's four extractors were read, so that {@link #kind} finds them without the map. */
    static boolean vertxExtractorsResolved() {
        return VERTX_SERVER_REQUEST != null
                && VERTX_CLIENT_REQUEST != null
                && VERTX_SERVER_RESPONSE != null
                && VERTX_CLIENT_RESPONSE != null;
    }

    /** {@code HttpUtils}' constant {@code field} when it is an extractor of {@code expected} kind, else {@code null}. */
    private static TagExtractor<?> vertxExtractor(String field, Kind expected) {
        try {
            Field constant = HttpUtils.class.getDeclaredField(field);
            constant.setAccessible(true);
            return constant.get(null) instanceof TagExtractor<?> extractor && classify(extractor) == expected
                    ? extractor
                    : null;
        } catch (ReflectiveOperationException | RuntimeException notThere) {
            return null;
        }
    }

    /** Vert.x's extractors name their tags by index alone, so their names are read without an object. */
    private static Kind classify(TagExtractor<?> extractor) {
        if (!extractor.getClass().getName().startsWith(VERTX_HTTP_UTILS)) {
            return Kind.OTHER;
        }
        @SuppressWarnings("unchecked")
        TagExtractor<Object> names = (TagExtractor<Object>) extractor;
        List<String> found = new ArrayList<>();
        try {
            for (int i = 0; i <= SERVER_REQUEST_NAMES.size(); i++) {
                found.add(names.name(null, i));
            }
        } catch (IndexOutOfBoundsException endOfNames) {
            // the names end here
        } catch (RuntimeException notByIndexAlone) {
            return Kind.OTHER;
        }
        if (found.equals(SERVER_REQUEST_NAMES)) {
            return Kind.SERVER_REQUEST;
        }
        if (found.equals(CLIENT_REQUEST_NAMES)) {
            return Kind.CLIENT_REQUEST;
        }
        return found.equals(RESPONSE_NAMES) ? Kind.RESPONSE : Kind.OTHER;
    }

    @SafeVarargs
    private static List<String> names(AttributeKey<String>... keys) {
        return Arrays.stream(keys).map(AttributeKey::getKey).toList();
    }

    private static String[] statusCodes(int first, int end) {
        String[] codes = new String[end - first];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = Integer.toString(first + i);
        }
        return codes;
    }
}
