package dev.writ.guard.writ;

import static dev.writ.guard.Fixtures.FUNCTION;
import static dev.writ.guard.Fixtures.REQUEST;
import static dev.writ.guard.Fixtures.validWrit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.core.jose.JwsFixtures;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.guard.Fixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A claim this guard does not know is refused, like an unknown JWS {@code crit} header: a newer
 * issuer's binding claim must never be ignored by an older guard. Every claim a writ can carry is
 * known.
 */
class UnknownClaimsTest {

    /** A writ with every claim {@link WritClaims#toJson} can write. */
    private static WritClaims everyClaim() {
        return validWrit()
                .notBefore(Fixtures.NOW - 5)
                .audience(List.of(FUNCTION, "payments-audit"))
                .inputs(BoundInputs.ofValues(Map.of(BoundInputs.BODY, "{\"amount\":100}")))
                .policy(new PolicyRef("payments-api", 7, "abc123", List.of("p1")))
                .parent("jti-parent")
                .actor(Actor.of("payments-front").then("payments-create"))
                .groups(List.of("clerk"))
                .scope(new Scope(List.of("sqs:SendMessage"), List.of("arn:aws:sqs:*:*:q")))
                .singleUse(true)
                .build();
    }

    @Test
    void everyClaimAWritCanCarryIsOneTheGuardKnows() {
        WritClaims claims = everyClaim();
        assertThat(claims.toJson().keySet()).containsExactlyInAnyOrderElementsOf(WritClaims.CLAIMS);
        assertThat(WritClaims.fromJson(claims.toJson())).isEqualTo(claims);
    }

    @Test
    void refusesAClaimItDoesNotKnowNamingIt() {
        for (String unknown : List.of("cnf", "x", "EXP", "res", "dlg", "aud ", "")) {
            Map<String, Object> json = new LinkedHashMap<>(everyClaim().toJson());
            json.put(unknown, "a binding this guard cannot check");
            assertThatThrownBy(() -> WritClaims.fromJson(json)).as(unknown).isInstanceOf(MalformedWritException.class)
                    .hasMessage("claim " + unknown + " is unknown to this guard, which cannot check what it binds"
                            + " (upgrade guards before issuers)");
        }
    }

    @Test
    void aSignedWritWithAnExtraClaimIsDeniedMalformed() {
        WritVerifier verifier = new WritVerifier(Fixtures.verifierConfig().replayStore(Fixtures.memoryReplayStore()).build());
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "ES256");
        header.put("typ", WritCodec.TYPE);
        header.put("kid", Fixtures.key(SigningAlgorithm.ES256).getKeyID());
        Map<String, Object> claims = new LinkedHashMap<>(validWrit().build().toJson());
        assertThat(verifier.verify(JwsFixtures.signExactly(header, claims, Fixtures.signer()), FUNCTION, REQUEST).isAllowed())
                .as("the same writ without the extra claim").isTrue();

        claims.put("jti", "jti-extra");
        claims.put("tenant", "acme");
        Verification denied = verifier.verify(JwsFixtures.signExactly(header, claims, Fixtures.signer()), FUNCTION, REQUEST);

        assertThat(denied.reason()).contains(ReasonCode.MALFORMED);
        assertThat(denied.detail()).contains("claim tenant is unknown to this guard");
        assertThat(denied.claims()).as("refused before its signature is taken as proof of anything").isEmpty();
    }
}
