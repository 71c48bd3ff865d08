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
}
