package dev.writ.core.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile and odd JSON payloads, for differential tests of two readers of the same bytes: writ
 * claims with each member (and each member of {@code req}, {@code pol}, {@code scp}, {@code act},
 * {@code in}) missing, null or of every wrong type, duplicated members, syntax a strict parser must
 * refuse, bytes that are not UTF-8, depth and length limits, and seeded random byte mutations of
 * valid payloads.
 */
public final class JsonCorpus {

    private static final String DIGEST = "YSKR0KeedxMEakjn6lY3xisjz5JHv7P6H5KNIoaihws";

    /** JSON values, as text, put in place of a member's value. */
    private static final List<String> VALUES = List.of("null", "\"\"", "\" \"", "\"s\"", "\"\\u0000\"", "\"\\ud800\"",
            "\"" + DIGEST + "\"", "0", "-0", "7", "-1", "1.0", "1e2", "-1.5", "0.1", "120.000000000000001", "1e-400",
            "2147483648", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1" + "0".repeat(400),
            "true", "false", "[]", "[\"a\"]", "[\"a\",\"b\"]", "[\"\"]", "[null]", "[1]", "[[\"a\"]]", "{}",
            "{\"sub\":\"f\"}", "{\"sub\":\"f\",\"act\":{\"sub\":\"e\"}}",
            "{\"m\":\"GET\",\"p\":\"/x\"}", "{\"b\":\"o\",\"rev\":1,\"h\":\"x\",\"ids\":[]}", "{\"ip\":\"" + DIGEST + "\"}",
            "{\"a\":null}", "{\"a\":{\"b\":[1,{\"c\":null}]}}");

    private JsonCorpus() {
    }

    /** A writ's claims with every kind of member, as member name to JSON text. */
    public static Map<String, String> fullWrit() {
        Map<String, String> claims = minimalWrit();
        claims.put("nbf", "100");
        claims.put("action", "\"Orders::Action::\\\"ReadOrder\\\"\"");
        claims.put("resource", "\"Orders::Order::\\\"42\\\"\"");
        claims.put("req", object(Map.of("m", "\"GET\"", "p", "\"/orders/42\"", "api", "\"a1b2\"", "stg", "\"prod\"",
                "q", "\"" + DIGEST + "\"")));
        claims.put("pol", object(Map.of("b", "\"orders\"", "rev", "7", "h", "\"sha256-3q2+7w==\"", "ids", "[\"allow\"]")));
        claims.put("txn", "\"txn-1\"");
        claims.put("par", "\"parent-1\"");
        claims.put("groups", "[\"clerk\",\"viewer\"]");
        claims.put("one", "true");
        claims.put("act", "{\"sub\":\"f1\",\"act\":{\"sub\":\"f0\"}}");
        claims.put("scp", "{\"actions\":[\"sqs:SendMessage\"],\"resources\":\"arn:aws:sqs:*:*:q\"}");
        claims.put("in", "{\"h:x-amount\":\"" + DIGEST + "\",\"ip\":\"" + DIGEST + "\"}");
        return claims;
    }

    /** The required claims only. */
    public static Map<String, String> minimalWrit() {
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("iss", "\"https://authorizer.writ.dev/prod\"");
        claims.put("sub", "\"user:alice@example.com\"");
        claims.put("aud", "\"orders-fn\"");
        claims.put("iat", "100");
        claims.put("exp", "160");
        claims.put("jti", "\"0f8c6a52-7d0e-4a47\"");
        return claims;
    }

    /** An object's JSON text from member name to JSON text, in the map's order. */
    public static String object(Map<String, String> members) {
        StringBuilder out = new StringBuilder("{");
        members.forEach((name, value) -> out.append(out.length() > 1 ? "," : "").append('"').append(name).append("\":").append(value));
        return out.append('}').toString();
    }

    /** Every payload of the corpus, as bytes. */
    public static List<byte[]> all() {
        List<byte[]> out = new ArrayList<>();
        crafted().forEach(text -> out.add(text.getBytes(StandardCharsets.UTF_8)));
        out.addAll(notUtf8());
        out.addAll(mutated(new Random(19), 4000));
        return out;
    }

    /** Members missing, null, of every type; nested members the same; duplicates; syntax. */
    static List<String> crafted() {
        List<String> out = new ArrayList<>();
        Map<String, String> full = fullWrit();
        out.add(object(full));
        out.add(object(minimalWrit()));
        List<String> names = new ArrayList<>(full.keySet());
        names.add("x");
        for (String name : names) {
            Map<String, String> without = new LinkedHashMap<>(full);
            without.remove(name);
            out.add(object(without));
            for (String value : VALUES) {
                Map<String, String> changed = new LinkedHashMap<>(full);
                changed.put(name, value);
                out.add(object(changed));
            }
        }
        Map<String, List<String>> nested = Map.of("req", List.of("m", "p", "api", "stg", "q", "x"),
                "pol", List.of("b", "rev", "h", "ids", "x"), "scp", List.of("actions", "resources", "x"),
                "act", List.of("sub", "act", "x"), "in", List.of("ip", "h:x-amount", "payload", "body", "tool", "args",
                        "q:limit", "h:X-Amount", "h:", "q:", "cookie", "x"));
        nested.forEach((object, members) -> {
            for (String member : members) {
                for (String value : VALUES) {
                    Map<String, String> changed = new LinkedHashMap<>(full);
                    Map<String, String> inner = new LinkedHashMap<>();
                    inner.put(object.equals("act") ? "sub" : members.get(0), "\"" + DIGEST + "\"");
                    inner.put(member, value);
                    changed.put(object, object(inner));
                    out.add(object(changed));
                }
            }
        });
        StringBuilder deepActors = new StringBuilder("{\"sub\":\"f0\"}");
        for (int depth = 1; depth <= 40; depth++) {
            deepActors = new StringBuilder("{\"sub\":\"f" + depth + "\",\"act\":" + deepActors + "}");
            Map<String, String> changed = new LinkedHashMap<>(full);
            changed.put("act", deepActors.toString());
            out.add(object(changed));
        }
        String body = object(full);
        String inner = body.substring(1, body.length() - 1);
        for (String name : names) {
            out.add("{" + inner + ",\"" + name + "\":" + full.getOrDefault(name, "1") + "}");
            out.add("{\"" + name + "\":null," + inner + "}");
        }
        out.add("{" + inner + ",\"req\":{\"m\":\"GET\",\"m\":\"GET\"}}");
        out.add("{" + inner.replace("\"p\":", "\"m\":\"POST\",\"p\":") + "}");
        out.add("{" + inner + ",\"x\":{\"y\":1,\"y\":2}}");
        out.add("{" + inner + ",\"x\":[{\"y\":1},{\"y\":1,\"z\":1,\"y\":1}]}");
        out.add("{" + inner + ",\"EXP\":1,\"Exp\":2}");
        // A duplicate name followed by a bad value or no colon: Jackson lexes a scalar value with its
        // name, so a reader that checked duplicates after the value would name the value instead.
        for (String bad : List.of("01", "tru", "nul", "-", "1.", "+1", "]", "}", "1" + "0".repeat(1200))) {
            out.add("{" + inner + ",\"iss\":" + bad + "}");
            out.add("{\"x\":1,\"x\":" + bad + "," + inner + "}");
        }
        out.add("{" + inner + ",\"iss\" 1}");
        out.add("{" + inner + ",\"\\u0069ss\":\"a\"}");
        out.add("{" + inner + ",\"a\\nb\":1,\"a\\nb\":2}");
        StringBuilder many = new StringBuilder("{" + inner);
        for (int i = 0; i < 40; i++) {
            many.append(",\"m").append(i).append("\":").append(i);
        }
        out.add(many + "}");
        out.add(many + ",\"m3\":3}");
        out.add(many + ",\"m39\":01}");
        out.add(many + ",\"iss\":\"a\"}");
        out.add("{" + inner + ",\"x\":[{\"m\":1},{" + many.substring(1) + ",\"m0\":1}]}");
        out.add("{" + inner + ",\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "}");
        out.add("{" + inner + ",\"x\":" + "{\"a\":".repeat(600) + "1" + "}".repeat(600) + "}");
        out.add("{" + inner + ",\"x\":1" + "0".repeat(1200) + "}");
        out.add("{" + inner + ",\"x\":1." + "0".repeat(1200) + "}");
        out.add("{" + inner + ",\"x\":1e99999}");
        out.add("{" + inner + ",\"x\":\"" + "a".repeat(5000) + "\"}");
        for (String trailing : List.of("x", " {}", "{}", "]", "}", ",", " ", "\n", "\u0000", "null", "\"s\"")) {
            out.add(body + trailing);
        }
        for (String odd : List.of("", " ", "null", "[]", "[" + body + "]", "\"s\"", "1", "true", "\ufeff" + body,
                "{/* c */" + inner + "}", "{'iss':'a'}", "{iss:\"a\"}", "{" + inner + ",}", "{\"x\":NaN," + inner + "}",
                "{\"x\":Infinity," + inner + "}", "{\"x\":01," + inner + "}", "{\"x\":+1," + inner + "}",
                "{\"x\":.5," + inner + "}", "{\"x\":1.," + inner + "}", "{\"x\":0x10," + inner + "}",
                "{\"x\":\"a\tb\"," + inner + "}", "{\"x\":\"\\x\"," + inner + "}", "{\"x\":\"\\u12\"," + inner + "}",
                "{\"x\" " + inner + "}", "{\"x\":1 \"y\":2}", "{\"x\":[1,]," + inner + "}", "{\"x\":[,1]," + inner + "}",
                "{" + inner, body.substring(0, body.length() / 2), "{\"x\":tru," + inner + "}", "{\"x\":nul," + inner + "}")) {
            out.add(odd);
        }
        out.add(object(full).replace("\"user:alice@example.com\"", "\"\\ud800\""));
        out.add(object(full).replace("\"user:alice@example.com\"", "\"\\u2003\\t\""));
        out.add(object(full).replace("\"user:alice@example.com\"", "\"" + "\\u00e9".repeat(200) + "\""));
        out.add(object(full).replace("\"user:alice@example.com\"", "\"" + "a".repeat(1025) + "\""));
        return out;
    }

    /** Byte sequences that are not UTF-8, in a known member's value, an unknown member's, and a name. */
    static List<byte[]> notUtf8() {
        List<byte[]> out = new ArrayList<>();
        String body = object(fullWrit());
        int[][] sequences = {{0x80}, {0xC3, 0x28}, {0xE2, 0x82}, {0xF0, 0x9F, 0x98}, {0xFF}, {0xC0, 0xAF},
            {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xF8, 0x88, 0x80, 0x80, 0x80}, {0xE0, 0x80, 0xAF}};
        for (int[] sequence : sequences) {
            for (String place : List.of("user:alice", "\"x\":\"un", "\"xn")) {
                String text = place.startsWith("\"xn") ? body.substring(0, body.length() - 1) + ",\"xn\":1}"
                        : place.startsWith("\"x\"") ? body.substring(0, body.length() - 1) + ",\"x\":\"un\"}" : body;
                int at = text.indexOf(place) + place.length() - (place.startsWith("\"xn") ? 1 : 0);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, at);
                for (int b : sequence) {
                    bytes.write(b);
                }
                bytes.write(utf8, at, utf8.length - at);
                out.add(bytes.toByteArray());
            }
        }
        return out;
    }

    /** Seeded random mutations of valid payloads: bytes replaced, inserted, deleted, slices repeated. */
    static List<byte[]> mutated(Random random, int count) {
        byte[][] bases = {object(fullWrit()).getBytes(StandardCharsets.UTF_8), object(minimalWrit()).getBytes(StandardCharsets.UTF_8)};
        byte[] significant = "{}[]:,\"\\ 0123456789-+.eEtrufalsn\u0000\t".getBytes(StandardCharsets.US_ASCII);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] text = bases[random.nextInt(bases.length)];
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(text.length);
                byte b = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : significant[random.nextInt(significant.length)];
                ByteArrayOutputStream next = new ByteArrayOutputStream();
                switch (random.nextInt(4)) {
                    case 0 -> {
                        next.write(text, 0, at);
                        next.write(b);
                        next.write(text, at + 1, text.length - at - 1);
                    }
                    case 1 -> {
                        next.write(text, 0, at);
                        next.write(b);
                        next.write(text, at, text.length - at);
                    }
                    case 2 -> {
                        next.write(text, 0, at);
                        next.write(text, at + 1, text.length - at - 1);
                    }
                    default -> {
                        int length = Math.min(1 + random.nextInt(24), text.length - at);
                        next.write(text, 0, at + length);
                        next.write(text, at, text.length - at);
                    }
                }
                text = next.toByteArray();
            }
            out.add(text);
        }
        return out;
    }
}
