package dev.writ.authorizer;

import static dev.writ.authorizer.ExchangeWorld.ACCOUNT;
import static dev.writ.authorizer.ExchangeWorld.LEDGER_ARN;
import static dev.writ.authorizer.ExchangeWorld.PAYLOAD_DIGEST;
import static dev.writ.authorizer.ExchangeWorld.WRITE_ROLE;
import static dev.writ.authorizer.ExchangeWorld.body;
import static dev.writ.authorizer.ExchangeWorld.callerArn;
import static dev.writ.authorizer.ExchangeWorld.parent;
import static dev.writ.authorizer.ExchangeWorld.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.authorizer.exchange.WritExchange;
import dev.writ.guard.Guard;
import dev.writ.guard.WritDeniedException;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.testsupport.TestContext;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code lambda:Invoke} child names its callee by unqualified function ARN, in the exchange's own
 * account and region: a same-named function elsewhere neither gets a child nor runs one.
 */
class ExchangeTargetBindingTest {
    private static final Clock CLOCK = TestWorld.clockAt(TestWorld.MONDAY_10);
    private static final String WRITE = callerArn(WRITE_ROLE, "payments-write");
    private static final String OTHER_ACCOUNT = "210987654321";

    private final List<LineageRecord> records = new ArrayList<>();

    private WritExchange exchange() {
        return ExchangeWorld.exchange(CLOCK, new ByteArrayOutputStream()).lineage(draft -> {
            LineageRecord sealed = LineageRecord.seal("writ-exchange#0", records.size(), "0".repeat(64), draft);
            records.add(sealed);
            return sealed;
        }).build();
    }

    private static String clerkParent() {
        return sign(parent("payments-write", "carl", List.of("clerk")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:lambda:us-east-1:" + OTHER_ACCOUNT + ":function:ledger-post",
        OTHER_ACCOUNT + ":function:ledger-post:live",
        "arn:aws:lambda:eu-west-1:" + ACCOUNT + ":function:ledger-post",
        "arn:aws-cn:lambda:us-east-1:" + ACCOUNT + ":function:ledger-post:7"})
    void aSameNamedFunctionInAnotherAccountRegionOrPartitionGetsNoChild(String target) {
        ExchangeResult result = exchange().exchange(body(clerkParent(), "lambda:Invoke", target, PAYLOAD_DIGEST, null), WRITE);

        assertThat(result.reason()).isEqualTo("FOREIGN_TARGET");
        assertThat(result.status()).isEqualTo(403);
        assertThat(result.token()).isEmpty();
        String unqualified = target.startsWith("arn:") ? target.replaceFirst(":(live|7)$", "")
                : "arn:aws:lambda:us-east-1:" + OTHER_ACCOUNT + ":function:ledger-post";
        assertThat(result.message()).contains(unqualified);
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.decision()).contains("deny");
            assertThat(record.reason()).contains("FOREIGN_TARGET target=" + unqualified);
            assertThat(record.action()).contains("Payments::Action::\"InvokeLedger\"");
            assertThat(record.principal()).contains("carl");
        });
    }

    @Test
    void theChildRunsInTheFunctionItWasMintedForWhicheverAliasAndNowhereElse() {
        Map<String, Object> payload = Map.of("paymentId", "p-1001", "amount", 700);
        String digest = BoundInputs.digest(BoundInputs.canonicalJson(payload));
        String child = exchange().exchange(body(clerkParent(), "lambda:Invoke", "ledger-post", digest, null), WRITE)
                .token().orElseThrow();
        Guard ledgerGuard = TestWorld.guard("ledger-post", new JWKSet(TestWorld.WRIT_KEY.toPublicJWK()), CLOCK);
        TestContext ledger = new TestContext("ledger-post");

        String posted = ledgerGuard.handle(Map.of("writ", child, "payload", payload), ledger.invokedAs(LEDGER_ARN + ":live"),
                (in, c, writ) -> "posted");
        assertThat(posted).isEqualTo("posted");
        // The same function name, the same trusted key and issuer, in another account or region:
        // a bare-name aud would have let it run there.
        for (String elsewhere : new String[] {"arn:aws:lambda:us-east-1:" + OTHER_ACCOUNT + ":function:ledger-post",
            "arn:aws:lambda:eu-west-1:" + ACCOUNT + ":function:ledger-post"}) {
            assertThatThrownBy(() -> ledgerGuard.handle(Map.of("writ", child, "payload", payload), ledger.invokedAs(elsewhere),
                    (in, c, writ) -> "posted elsewhere"))
                    .as(elsewhere).isInstanceOf(WritDeniedException.class).hasMessageContaining("WRONG_AUDIENCE");
        }
    }

    @Test
    void aParentThatIsItselfALambdaChildNamesItsCallerByArn() {
        // payments-write reached by a hop holds a child whose aud is its ARN: it may exchange it further.
        String own = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:payments-write";
        String elsewhere = "arn:aws:lambda:us-east-1:" + OTHER_ACCOUNT + ":function:payments-write";

        ExchangeResult fromChild = exchange().exchange(body(sign(parent(own, "carl", List.of("clerk"))),
                "lambda:Invoke", "ledger-post", PAYLOAD_DIGEST, null), WRITE);
        ExchangeResult fromElsewhere = exchange().exchange(body(sign(parent(elsewhere, "carl", List.of("clerk"))),
                "lambda:Invoke", "ledger-post", PAYLOAD_DIGEST, null), WRITE);

        assertThat(fromChild.isAllowed()).as(fromChild.toString()).isTrue();
        assertThat(fromElsewhere.reason()).isEqualTo("WRONG_AUDIENCE");
    }
}
