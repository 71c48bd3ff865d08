package dev.writ.guard.writ;

import dev.writ.core.json.JsonMembers;
import dev.writ.core.internal.Sha256;
import dev.writ.core.json.CanonicalJson;
import dev.writ.core.json.JsonException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code in} claim: the invocation's inputs an issuer decided on, each as a digest the guard
 * recomputes from the event it receives. The policy decided on these values; a writ replayed with
 * another value (another amount header, say) is a {@code REQUEST_MISMATCH} naming the input.
 *
 * <p>Keys name where the value is read (see docs/architecture.md, "Bound inputs"):
 * <ul>
 *   <li>{@code h:<name>}: an HTTP header, name in lower case (headers compare case-insensitively);</li>
 *   <li>{@code q:<name>}: a query parameter, by exact name;</li>
 *   <li>{@code ip}: the caller's source address as API Gateway reports it;</li>
 *   <li>{@code payload}: the direct-invoke envelope's {@code payload}, as RFC 8785 (JCS) canonical JSON;</li>
 *   <li>{@code body}: a message's body (SQS, SNS, EventBridge), bound by the writ exchange for a hop;</li>
 *   <li>{@code tool}: a tool call's tool name, exactly as the function receives it;</li>
 *   <li>{@code args}: a tool call's arguments object, as RFC 8785 (JCS) canonical JSON.</li>
 * </ul>
 * A value's digest is base64url (no padding) SHA-256 of its UTF-8 bytes, exactly as received: no
 * trimming, no case folding. A guard refuses a writ with a key it does not know (it would
 * otherwise ignore a binding it cannot check).
 */
public final class BoundInputs {

    /** The key of the caller's source address. */
    public static final String SOURCE_IP = "ip";
    /** The key of a direct-invoke envelope's payload. */
    public static final String PAYLOAD = "payload";
    /** The key of a message's body (a hop through SQS, SNS or EventBridge). */
    public static final String BODY = "body";
    /** The key of the ARN of the queue an SQS record came from, as Lambda's poller reports it ({@code eventSourceARN}). */
    public static final String SOURCE_ARN = "src";
    /** The key of a tool call's tool name (MCP {@code tools/call}, AgentCore Gateway, Bedrock Agents). */
    public static final String TOOL = "tool";
    /** The key of a tool call's arguments, as canonical JSON. */
    public static final String ARGS = "args";

    private static final String HEADER = "h:";
    private static final String QUERY = "q:";
    private static final BoundInputs NONE = new BoundInputs(Map.of());

    private final Map<String, String> digests;

    private BoundInputs(Map<String, String> digests) {
        this.digests = digests;
    }

    /** No bound inputs. */
    public static BoundInputs none() {
        return NONE;
    }

    /** Inputs from key to raw value: each value is digested here. */
    public static BoundInputs ofValues(Map<String, String> values) {
        Map<String, String> digests = new TreeMap<>();
        values.forEach((key, value) -> digests.put(requireKey(key), digest(value)));
        return digests.isEmpty() ? NONE : new BoundInputs(Collections.unmodifiableMap(digests));
    }

    /**
     * Inputs from key to digest, as an issuer that never saw the values binds them (the writ exchange
     * gets a hop's payload digest from the caller).
     *
     * @throws IllegalArgumentException for an unknown key or a value that is not a base64url SHA-256 digest
     */
    public static BoundInputs ofDigests(Map<String, String> digests) {
        Map<String, String> out = new TreeMap<>();
        digests.forEach((key, digest) -> {
            if (!isDigest(digest)) {
                throw new IllegalArgumentException("not a base64url SHA-256 digest: input " + requireKey(key));
            }
            out.put(requireKey(key), digest);
        });
        return out.isEmpty() ? NONE : new BoundInputs(Collections.unmodifiableMap(out));
    }

    /**
     * True for the one spelling of a SHA-256 digest: 43 base64url characters, no padding, whose last
     * character carries no stray bits (re-encoding gives the same text).
     */
    public static boolean isDigest(String value) {
        if (value == null || value.length() != 43) {
            return false;
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(value);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(value);
        } catch (IllegalArgumentException notBase64url) {
            return false;
        }
    }

    /** The key of header {@code name}. */
    public static String header(String name) {
        return HEADER + name.toLowerCase(Locale.ROOT);
    }

    /** The key of query parameter {@code name}. */
    public static String query(String name) {
        return QUERY + name;
    }

    /** Base64url SHA-256 of the UTF-8 bytes of {@code value}. */
    public static String digest(String value) {
        byte[] hash = Sha256.digest(value.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }

    /**
     * RFC 8785 canonical JSON of a parsed JSON value: what a {@value #PAYLOAD}, {@value #BODY} or
     * {@code args} input's digest is taken of; a {@link JsonException} when it would not bind the
     * value exactly ({@link #inexact}).
     */
    public static String canonicalJson(Object value) {
        Optional<String> inexact = inexact(value);
        if (inexact.isPresent()) {
            throw new JsonException(inexact.get());
        }
        return CanonicalJson.of(value);
    }

    /**
     * Why {@code value} (as {@code Json} parses it) has no canonical JSON that says exactly what a
     * function or tool receives, or empty when it has: then two different values could share one
     * {@code payload}, {@code body} or {@code args} digest. Refused are a string or member name with a lone UTF-16 surrogate (its
     * UTF-8 is a {@code ?}, as a real {@code ?} is), and a number its canonical form does not stand
     * for exactly ({@link CanonicalJson#isExact}: RFC 8785 prints every number as the double nearest
     * it): {@code 120.000000000000001} (printed {@code 120}), an integer no double holds
     * ({@code 9007199254740993} prints as {@code 9007199254740992}), one beyond or below the double
     * range ({@code 1e400}, {@code 1e-400}). An issuer and the guard both ask, so no writ is issued
     * for arguments the guard refuses.
     */
    public static Optional<String> inexact(Object value) {
        if (value instanceof Map<?, ?> object) {
            for (Map.Entry<?, ?> member : object.entrySet()) {
                Optional<String> problem = inexactText(String.valueOf(member.getKey()))
                        .or(() -> inexact(member.getValue()));
                if (problem.isPresent()) {
                    return problem;
                }
            }
            return Optional.empty();
        }
        if (value instanceof List<?> array) {
            return array.stream().map(BoundInputs::inexact).flatMap(Optional::stream).findFirst();
        }
        if (value instanceof String text) {
            return inexactText(text);
        }
        if (value instanceof Number number) {
            return inexactNumber(number);
        }
        return Optional.empty();
    }

    private static Optional<String> inexactText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("a string with a lone UTF-16 surrogate");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> inexactNumber(Number number) {
        if (number instanceof Double || number instanceof Float) {
            // A double's (or float's) canonical form gives it back (RFC 8785 §3.2.2.3, shortest round trip);
            // Json reads one only when the text said exactly that.
            return Double.isFinite(number.doubleValue()) ? Optional.empty() : Optional.of("a number beyond the double range");
        }
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return Optional.empty();
        }
        BigDecimal exact = number instanceof BigDecimal decimal ? decimal : new BigDecimal(number.toString());
        if (CanonicalJson.isExact(exact)) {
            return Optional.empty();
        }
        return Optional.of(Double.isFinite(exact.doubleValue()) ? "a number its canonical JSON does not give back exactly: " + number
                : "a number beyond the double range");
    }

    /** Key to digest, sorted by key; empty when nothing is bound. */
    public Map<String, String> digests() {
        return digests;
    }

    /** True when nothing is bound. */
    public boolean isEmpty() {
        return digests.isEmpty();
    }

    Map<String, Object> toJson() {
        return new TreeMap<>(digests);
    }

    static BoundInputs fromJson(JsonMembers claims) {
        Map<String, String> digests = new TreeMap<>();
        for (String key : claims.names()) {
            if (!isKey(key)) {
                throw new MalformedWritException("claim in has an input this guard does not know: " + key);
            }
            String digest = claims.requiredString(key);
            if (digest.length() != 43) {
                throw new MalformedWritException("claim in." + key + " must be a base64url SHA-256 digest");
            }
            digests.put(key, digest);
        }
        if (digests.isEmpty()) {
            throw new MalformedWritException("claim in must not be empty");
        }
        return new BoundInputs(Collections.unmodifiableMap(digests));
    }

    private static String requireKey(String key) {
        if (!isKey(key)) {
            throw new IllegalArgumentException("not an input key: " + key);
        }
        return key;
    }

    static boolean isKey(String key) {
        if (key.equals(SOURCE_IP) || key.equals(PAYLOAD) || key.equals(BODY) || key.equals(SOURCE_ARN) || key.equals(TOOL) || key.equals(ARGS)) {
            return true;
        }
        if (key.startsWith(HEADER)) {
            return key.length() > HEADER.length() && key.equals(header(key.substring(HEADER.length())));
        }
        return key.startsWith(QUERY) && key.length() > QUERY.length();
    }

    /** A readable name of the input a key denotes, for denial details: {@code header x-payment-amount}. */
    public static String describe(String key) {
        if (key.startsWith(HEADER)) {
            return "header " + key.substring(HEADER.length());
        }
        if (key.startsWith(QUERY)) {
            return "query parameter " + key.substring(QUERY.length());
        }
        return switch (key) {
            case SOURCE_IP -> "source IP";
            case BODY -> "message body";
            case SOURCE_ARN -> "message source (the queue that delivered it)";
            case TOOL -> "tool name";
            case ARGS -> "tool arguments";
            default -> "payload";
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BoundInputs && digests.equals(((BoundInputs) o).digests);
    }

    @Override
    public int hashCode() {
        return Objects.hash(digests);
    }

    @Override
    public String toString() {
        return "BoundInputs" + digests;
    }
}
