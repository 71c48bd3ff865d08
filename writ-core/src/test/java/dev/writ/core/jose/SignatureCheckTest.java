package dev.writ.core.jose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.core.keys.LocalKey;
import dev.writ.core.keys.LocalKeys;
import dev.writ.core.sign.LocalSigner;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The low-s rule and the signature are checked once, in {@link SignatureCheck}, whichever way a token comes in. */
class SignatureCheckTest {

    @Test
    void theHighSTwinIsRefusedAsSuchByTheVerifierAndByTheSignatureCheckItself() {
        LocalKey key = LocalKeys.generate(SigningAlgorithm.ES256);
        String token = CompactJws.sign(Map.of("typ", "t+jwt"), Map.of("sub", "a"), LocalSigner.fromJwk(key.privateJwk()));
        String twin = JwsFixtures.highSTwin(token);
        JwsVerifier verifier = JwsVerifier.of("t+jwt", Set.of(), JwksKeyResolver.fromJwks(key.publicJwks()));

        assertThat(verifier.verify(token).isVerified()).isTrue();
        JwsVerification refused = verifier.verify(twin);
        assertThat(refused.failure()).contains(JwsFailure.BAD_SIGNATURE);
        assertThat(refused.detail()).isEqualTo(SignatureCheck.HIGH_S);

        Jws parsed = CompactJws.parse(twin);
        java.security.PublicKey publicKey = JwksKeyResolver.fromJwks(key.publicJwks())
                .resolve(parsed.header().keyId()).orElseThrow().publicKey();
        assertThat(SignatureCheck.refusal(SigningAlgorithm.ES256, publicKey, parsed)).contains(SignatureCheck.HIGH_S);
        assertThat(SignatureCheck.verify(SigningAlgorithm.ES256, publicKey, parsed.signingInput(), parsed.signature(), null))
                .as("the boolean form the Wycheproof vectors use refuses it too").isFalse();
        assertThat(SignatureCheck.refusal(SigningAlgorithm.ES256, publicKey, CompactJws.parse(token))).isEmpty();
    }
}
