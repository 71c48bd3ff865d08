package dev.writ.authorizer.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.authorizer.ReasonCode;
import org.junit.jupiter.api.Test;

/** The authorizer's SnapStart priming: what it runs before the checkpoint, and that it mints nothing. */
class AuthorizerPrimingTest {

    @Test
    void decidesBothSampleRequestsThroughTheCallersTokenAndCedarToThePrimingBundlesForbid() {
        // POLICY_DENY comes only after the token verified (RS256), the route matched and Cedar
        // evaluated; any earlier refusal would name another code, an allow would reach the signer
        // (which refuses: SIGNING_FAILED), and a Cedar error would be named instead of the policy.
        assertThat(new AuthorizerPriming().prime()).hasSize(2).allSatisfy(d -> {
            assertThat(d.reason()).as(d.detail()).isEqualTo(ReasonCode.POLICY_DENY);
            assertThat(d.detail()).startsWith("determining").contains("never");
            assertThat(d.writ()).isEmpty();
        });
    }
}
