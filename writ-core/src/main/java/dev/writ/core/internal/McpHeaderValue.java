package dev.writ.core.internal;

import java.nio.charset.CharacterCodingException;
import java.util.Base64;
import java.util.Optional;

/**
 * A value MCP (2026-07-28, Streamable HTTP) mirrors from a request's body into an {@code Mcp-*}
 * header: a value a header cannot carry as is (not plain ASCII, leading or trailing space) is
 * sent as {@code =?base64?<standard Base64 of its UTF-8>?=}. The authorizer gives a policy the
 * value this decodes to and the guard compares the same with the body, so the two read one
 * header alike: otherwise a policy that forbids a name could be passed by encoding it.
 */
public final class McpHeaderValue {
    private static final String PREFIX = "=?base64?";
    private static final String SUFFIX = "?=";

    private McpHeaderValue() {
    }

    /**
     * The value {@code header} stands for: the Base64 form decoded, anything else as it is; empty
     * when the Base64 form is not Base64 of UTF-8.
     */
    public static Optional<String> decode(String header) {
        if (!header.startsWith(PREFIX) || !header.endsWith(SUFFIX) || header.length() < PREFIX.length() + SUFFIX.length()) {
            return Optional.of(header);
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(header.substring(PREFIX.length(), header.length() - SUFFIX.length()));
            // Strict: a lenient decoder would read different bytes as the same U+FFFD.
            return Optional.of(Utf8.decode(bytes));
        } catch (IllegalArgumentException | CharacterCodingException notBase64OfUtf8) {
            return Optional.empty();
        }
    }
}
