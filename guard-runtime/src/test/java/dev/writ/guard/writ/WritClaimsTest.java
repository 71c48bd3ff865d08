package dev.writ.guard.writ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WritClaimsTest {

    private static Map<String, Object> base() {
        Map<String, Object> json = new HashMap<>();
        json.put("iss", "https://authorizer");
        json.put("sub", "alice");
        json.put("aud", "ledger-post");
        json.put("iat", 100);
        json.put("exp", 160);
        json.put("jti", "j-1");
        return json;
    }

    @Test
    void blankAndLoneSurrogateSubjectsAreWhatTheStreamAndTheEncoderSaidTheyWere() {
        // The checks were a code-point stream and UTF-8's CharsetEncoder.canEncode, allocating per writ.
        List<String> pieces = List.of("a", " ", "\t", "\n", "\u00a0", "\u2003", "\u2028", "\u200b", "\u001f", "\u3000",
                "\ud83d", "\ude00", "\ud83d\ude00", "\ude00\ud83d", "\udbff\udfff", "\ud800\ud800", "é", "\ufeff");
        int checked = 0;
        for (String first : pieces) {
            for (String second : pieces) {
                for (String third : List.of("", "a", " ", "\ud83d", "\ude00")) {
                    String sub = first + second + third;
                    boolean blank = sub.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
                    boolean encodable = java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(sub);
                    Optional<String> expected = blank ? Optional.of("sub is blank")
                            : encodable ? Optional.empty() : Optional.of("sub is not well-formed Unicode (a lone surrogate)");
                    assertThat(WritClaims.subjectProblem(sub)).as(sub.codePoints().boxed().toList().toString()).isEqualTo(expected);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(pieces.size() * pieces.size() * 5);
    }

    @Test
    void theCedarActionAndResourceHaveTheirOwnNamesSoActCanBeRfc8693sActor() {
        WritClaims claims = WritClaims.builder().issuer("i").subject("alice").audience(List.of("f")).issuedAt(1).expiresAt(2)
                .id("j").action("Payments::Action::\"CreatePayment\"").resource("Payments::Collection::\"payments\"")
                .actor(Actor.of("payments-write")).scope(new Scope(List.of("sqs:SendMessage"), List.of("arn:aws:sqs:*:*:q")))
                .build();
        Map<String, Object> json = claims.toJson();
        assertThat(json).containsEntry("action", "Payments::Action::\"CreatePayment\"")
                .containsEntry("resource", "Payments::Collection::\"payments\"")
                .containsEntry("act", Map.of("sub", "payments-write"))
                .containsEntry("scp", Map.of("actions", List.of("sqs:SendMessage"), "resources", List.of("arn:aws:sqs:*:*:q")))
                .doesNotContainKey("res");
        assertThat(WritClaims.fromJson(json)).isEqualTo(claims);
    }

    @Test
    void readsAnActorChainNewestFirst() {
        Map<String, Object> json = base();
        json.put("act", Map.of("sub", "ledger-post", "act", Map.of("sub", "payments-write")));
        Actor actor = WritClaims.fromJson(json).actor().orElseThrow();
        assertThat(actor.subjects()).containsExactly("ledger-post", "payments-write");
        assertThat(actor.depth()).isEqualTo(2);
        assertThat(Actor.of("a").then("b").then("c").subjects()).containsExactly("c", "b", "a");
        assertThat(WritClaims.fromJson(base()).actor()).isEmpty();
    }

    @Test
    void refusesAMalformedActor() {
        for (Object bad : List.<Object>of("payments-write", Map.of(), Map.of("sub", ""), Map.of("sub", 7),
                Map.of("sub", "a", "act", "b"))) {
            Map<String, Object> json = base();
            json.put("act", bad);
            assertThatThrownBy(() -> WritClaims.fromJson(json)).as(String.valueOf(bad))
                    .isInstanceOf(MalformedWritException.class).hasMessageContaining("act");
        }
        Map<String, Object> deep = Map.of("sub", "f0");
        for (int i = 1; i <= Actor.MAX_DEPTH; i++) {
            deep = Map.of("sub", "f" + i, "act", deep);
        }
        Map<String, Object> json = base();
        json.put("act", deep);
        assertThatThrownBy(() -> WritClaims.fromJson(json)).isInstanceOf(MalformedWritException.class)
                .hasMessageContaining("deeper than " + Actor.MAX_DEPTH);
        Actor longest = Actor.of("f0");
        for (int i = 1; i < Actor.MAX_DEPTH; i++) {
            longest = longest.then("f" + i);
        }
        assertThat(longest.depth()).isEqualTo(Actor.MAX_DEPTH);
        Actor full = longest;
        assertThatThrownBy(() -> full.then("one more")).isInstanceOf(MalformedWritException.class);
        assertThat(new Actor("x", Optional.empty()).prior()).isEmpty();
    }

    @Test
    void carriesTheSubjectsGroupsWhenTheIssuerGivesThem() {
        Map<String, Object> json = base();
        json.put("groups", List.of("clerk", "viewer"));
        WritClaims claims = WritClaims.fromJson(json);
        assertThat(claims.groups()).containsExactly("clerk", "viewer");
        assertThat(claims.toJson()).containsEntry("groups", List.of("clerk", "viewer"));
        assertThat(WritClaims.fromJson(base()).groups()).isEmpty();
        assertThat(WritClaims.fromJson(base()).toJson()).doesNotContainKey("groups");
        for (Object bad : List.<Object>of(List.of(""), List.of(7), Map.of("clerk", true), 3)) {
            Map<String, Object> malformed = base();
            malformed.put("groups", bad);
            assertThatThrownBy(() -> WritClaims.fromJson(malformed)).as(String.valueOf(bad))
                    .isInstanceOf(MalformedWritException.class).hasMessageContaining("groups");
        }
    }

    @Test
    void bindsDigestsAnIssuerWasGivenUnderTheirKeys() {
        String digest = BoundInputs.digest("{\"amount\":100}");
        BoundInputs bound = BoundInputs.ofDigests(Map.of(BoundInputs.BODY, digest));
        assertThat(bound.digests()).containsEntry("body", digest);
        Map<String, Object> json = base();
        json.put("in", Map.of("body", digest));
        assertThat(WritClaims.fromJson(json).inputs()).isEqualTo(bound);
        assertThat(BoundInputs.describe(BoundInputs.BODY)).isEqualTo("message body");
        assertThat(BoundInputs.isDigest("A".repeat(43))).isTrue();
        // 43 characters carry 258 bits for a 256-bit digest: a last character with stray bits is a second spelling.
        for (String bad : List.of("short", "A".repeat(42) + "B", digest + "=", digest.substring(0, 42) + "+")) {
            assertThat(BoundInputs.isDigest(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> BoundInputs.ofDigests(Map.of(BoundInputs.PAYLOAD, bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> BoundInputs.ofDigests(Map.of("cookie", digest))).isInstanceOf(IllegalArgumentException.class);
    }
}
