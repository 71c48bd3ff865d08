package dev.writ.authorizer.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.config.Environment;
import dev.writ.testsupport.TestJwks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeConfigTest {

    private static Map<String, String> complete() {
        Map<String, String> env = new HashMap<>();
        env.put("WRIT_EXCHANGE_ACCOUNT", "123456789012");
        env.put("AWS_REGION", "us-east-1");
        env.put("WRIT_AUTHORIZER_ISSUER", "https://authz.example");
        env.put("WRIT_AUTHORIZER_SIGNING_MODE", "kms-delegated");
        env.put("WRIT_AUTHORIZER_KMS_KEY_ID", "arn:aws:kms:us-east-1:123456789012:key/k");
        env.put("WRIT_GUARD_TRUSTED_KEYS", "arn:aws:kms:us-east-1:123456789012:key/k");
        env.put("WRIT_GUARD_TRUSTED_ISSUERS", "https://authz.example");
        return env;
    }

    private static ExchangeResult answer(Map<String, String> env) {
        WritExchange exchange = ExchangeConfig.fromEnvironment(
                Environment.of(env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)), Clock.systemUTC());
        return exchange.exchange("{\"writ\":\"x\",\"kind\":\"lambda:Invoke\",\"target\":\"ledger-post\"}",
                "arn:aws:sts::123456789012:assumed-role/r/payments-write");
    }

    @Test
    void aBadSettingRefusesEveryHopNamingTheVariable() {
        for (String variable : new String[] {"WRIT_EXCHANGE_ACCOUNT", "AWS_REGION", "WRIT_AUTHORIZER_ISSUER",
            "WRIT_GUARD_TRUSTED_ISSUERS"}) {
            Map<String, String> env = complete();
            env.remove(variable);
            ExchangeResult result = answer(env);
            assertThat(result.reason()).as(variable).isEqualTo("MISCONFIGURED");
            assertThat(result.message()).contains(variable);
        }
        Map<String, String> env = complete();
        env.put("WRIT_EXCHANGE_ACCOUNT", "12345");
        assertThat(answer(env).message()).contains("WRIT_EXCHANGE_ACCOUNT");
        for (String roles : new String[] {"payments-write", "payments-write=a,payments-write=b", "payments-write=a, payments-write=a"}) {
            env = complete();
            env.put("WRIT_EXCHANGE_CALLER_ROLES", roles);
            ExchangeResult result = answer(env);
            assertThat(result.reason()).as(roles).isEqualTo("MISCONFIGURED");
            assertThat(result.message()).as(roles).contains("WRIT_EXCHANGE_CALLER_ROLES");
        }
        // An entry repeated exactly is refused as one repeated with another value is, not read as one.
        env = complete();
        env.put("WRIT_EXCHANGE_FUNCTION_NAMES", "payments-notify=a,payments-notify=a");
        assertThat(answer(env).message()).contains("WRIT_EXCHANGE_FUNCTION_NAMES lists payments-notify=a twice");
        env = complete();
        env.put("WRIT_GUARD_TRUSTED_ISSUERS", "https://authz.example,https://authz.example");
        assertThat(answer(env).reason()).isEqualTo("MISCONFIGURED");
        for (String names : new String[] {"payments-notify", "payments-notify=writ-notify:live",
            "payments-notify=123456789012:function:writ-notify", "payments-notify=a|", "payments-notify=a|a",
            "payments-notify=a,payments-notify=b", "payments-notify=a,ledger-post=a"}) {
            env = complete();
            env.put("WRIT_EXCHANGE_FUNCTION_NAMES", names);
            assertThat(answer(env).message()).as(names).contains("WRIT_EXCHANGE_FUNCTION_NAMES");
        }
    }

    @Test
    void noBundleRefusesEveryHop(@TempDir Path dir) throws Exception {
        Path jwks = Files.writeString(dir.resolve("jwks.json"), TestJwks.publicJwks(TestJwks.es256()));
        Map<String, String> env = complete();
        env.put("WRIT_AUTHORIZER_BUNDLE_FILE", dir.resolve("bundle.json").toString());
        env.put("WRIT_AUTHORIZER_BUNDLE_TRUSTED_JWKS", jwks.toString());
        assertThat(answer(env).reason()).isEqualTo("BUNDLE_INVALID");
        env.remove("WRIT_AUTHORIZER_BUNDLE_TRUSTED_JWKS");
        ExchangeResult untrusted = answer(env);
        assertThat(untrusted.reason()).isEqualTo("BUNDLE_INVALID");
        assertThat(untrusted.message()).contains("WRIT_AUTHORIZER_BUNDLE_TRUSTED_KEYS");
    }

    @Test
    void readsEveryDeployedNameOfAFunctionInOrder() {
        FunctionDeployment deployment = ExchangeConfig.deployment(Environment.of(Map.of("WRIT_EXCHANGE_ACCOUNT", "123456789012",
                "AWS_REGION", "us-east-1", "WRIT_EXCHANGE_FUNCTION_NAMES", "payments-notify=notify-b | notify-a, ledger-post=ledger")));
        assertThat(deployment.functionNames()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "payments-notify", List.of("notify-b", "notify-a"), "ledger-post", List.of("ledger")));
        assertThat(deployment.functionArns("aws", "payments-notify")).containsExactly(
                "arn:aws:lambda:us-east-1:123456789012:function:notify-b", "arn:aws:lambda:us-east-1:123456789012:function:notify-a");
        assertThat(deployment.functionArns("aws", "payments-read")).containsExactly(
                "arn:aws:lambda:us-east-1:123456789012:function:payments-read");
    }

    @Test
    void readsCallerRoles() {
        assertThat(ExchangeConfig.callerRoles(Environment.of(Map.of("WRIT_EXCHANGE_CALLER_ROLES",
                "payments-write=payments-write-role, payments-read=read-role"))))
                .containsExactlyInAnyOrderEntriesOf(Map.of("payments-write", "payments-write-role", "payments-read", "read-role"));
    }
}
