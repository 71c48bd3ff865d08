package dev.writ.guard.tool;

import dev.writ.guard.writ.BoundInputs;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One tool call as the guard read it from the event, before the tool runs: the tool's name and
 * its arguments object. A writ runs it only when it binds both ({@code in.tool}, {@code in.args}).
 *
 * @param name      the tool name as the function receives it (an AgentCore Gateway target prefix
 *                  {@code <target>___} removed)
 * @param arguments the arguments, without a writ that travelled among them; never null
 */
public record ToolCall(String name, Map<String, Object> arguments) {

    /** The longest tool name, in UTF-8 bytes, a lineage record takes from a caller unverified (MCP asks for at most 128 characters). */
    public static final int MAX_RECORDED_NAME_BYTES = 1024;

    public ToolCall {
        // Not Map.copyOf: a JSON argument may be null.
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    /**
     * {@code name} as a lineage record may carry it when no writ vouches for it (a refused call):
     * null when over {@value #MAX_RECORDED_NAME_BYTES} UTF-8 bytes, so no caller can make the
     * record too large to write (a Bedrock Agents event, or a tool-call exchange body, bounds no name).
     */
    public static String recordableName(String name) {
        return name == null || name.getBytes(StandardCharsets.UTF_8).length > MAX_RECORDED_NAME_BYTES ? null : name;
    }

    /** What {@code in.args} binds: the RFC 8785 canonical JSON of the arguments. */
    public String canonicalArguments() {
        return BoundInputs.canonicalJson(arguments);
    }

    /**
     * Why {@code arguments} (as {@code Json} parses them) have no canonical JSON that says exactly
     * what a tool receives, or empty when they have: then two different calls could share one
     * {@code in.args} digest. Refused are a string or member name with a lone UTF-16 surrogate (its
     * UTF-8 is a {@code ?}, as a real {@code ?} is), and a number that is not the IEEE-754 double
     * its canonical form stands for (RFC 8785 treats every number as one): an integer beyond 2^53
     * that no double holds ({@code 9007199254740993} prints as {@code 9007199254740992}), one beyond
     * the double range. An issuer and the guard both ask, so no writ is issued for arguments the
     * guard refuses.
     */
    public static Optional<String> inexact(Map<String, Object> arguments) {
        return inexactValue(arguments);
    }

    private static Optional<String> inexactValue(Object value) {
        if (value instanceof Map<?, ?> object) {
            for (Map.Entry<?, ?> member : object.entrySet()) {
                Optional<String> problem = inexactText(String.valueOf(member.getKey()))
                        .or(() -> inexactValue(member.getValue()));
                if (problem.isPresent()) {
                    return problem;
                }
            }
            return Optional.empty();
        }
        if (value instanceof List<?> array) {
            return array.stream().map(ToolCall::inexactValue).flatMap(Optional::stream).findFirst();
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
        double canonical = number.doubleValue();
        if (!Double.isFinite(canonical)) {
            return Optional.of("a number beyond the double range");
        }
        // A finite double's canonical form gives it back exactly (RFC 8785 §3.2.2.3, shortest round trip).
        boolean exact = number instanceof Double || number instanceof Integer
                || new BigDecimal(canonical).compareTo(new BigDecimal(number.toString())) == 0;
        return exact ? Optional.empty() : Optional.of("a number its canonical JSON does not give back exactly: " + number);
    }
}
