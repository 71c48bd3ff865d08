import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.writ.core.keys.LocalKeys;
import dev.writ.core.sign.LocalSigner;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.policy.build.BundleBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes what bench/first-decision.sh feeds `writ authorize`: keys, signed bundle, IdP JWKS, an HTTP API event. */
public class FirstDecisionFixture {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        LocalKeys.writeNew(out.resolve("k"), SigningAlgorithm.ES256);
        BundleBuilder.build(Path.of("../policy-bundles/payments-api"),
                LocalSigner.fromJwkFile(out.resolve("k/private.jwk")), out.resolve("bundle.json"));
        RSAKey idp = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        Files.writeString(out.resolve("idp-jwks.json"), new JWKSet(idp.toPublicJWK()).toString());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("idp-1").build(),
                new JWTClaimsSet.Builder().issuer("https://idp.example").subject("vera").claim("client_id", "web")
                        .claim("cognito:groups", List.of("viewer"))
                        .expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).build());
        jwt.sign(new RSASSASigner(idp));
        String event = Files.readString(Path.of("src/test/resources/events/http-request.json"))
                .replace("${TOKEN}", jwt.serialize());
        Files.writeString(out.resolve("event.json"), event);
    }
}
