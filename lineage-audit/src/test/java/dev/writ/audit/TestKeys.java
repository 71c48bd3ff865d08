package dev.writ.audit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.writ.core.sign.LocalSigner;
import dev.writ.core.jose.Signer;

/** An in-process P-256 checkpoint key and the project's local signer over it. */
final class TestKeys {
    final ECKey jwk;
    final Signer signer;
    final CheckpointKey key;

    TestKeys(String name) {
        try {
            jwk = new ECKeyGenerator(Curve.P_256).keyID(name).generate();
            signer = LocalSigner.fromJwk(jwk.toJSONString());
            key = new CheckpointKey(name, jwk.toECPublicKey());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
