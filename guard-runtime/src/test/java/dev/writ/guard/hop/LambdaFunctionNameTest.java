package dev.writ.guard.hop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LambdaFunctionNameTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "ledger-post, -, arn:aws:lambda:eu-west-1:123456789012:function:ledger-post",
        "ledger-post, prod, arn:aws:lambda:eu-west-1:123456789012:function:ledger-post:prod",
        "ledger-post:prod, -, arn:aws:lambda:eu-west-1:123456789012:function:ledger-post:prod",
        "ledger-post:prod, prod, arn:aws:lambda:eu-west-1:123456789012:function:ledger-post:prod",
        "ledger-post:$LATEST, '', arn:aws:lambda:eu-west-1:123456789012:function:ledger-post:$LATEST",
        "210987654321:function:ledger-post:7, -, arn:aws:lambda:eu-west-1:210987654321:function:ledger-post:7",
        "arn:aws-cn:lambda:cn-north-1:210987654321:function:ledger-post, live,"
                + " arn:aws-cn:lambda:cn-north-1:210987654321:function:ledger-post:live",
    })
    void resolvesEveryFormLambdaTakesToOneArnWithTheQualifierOnce(String functionName, String qualifier, String arn) {
        assertThat(LambdaFunctionName.parse(functionName).flatMap(f -> f.withQualifier(qualifier))
                .map(f -> f.arn("aws", "eu-west-1", "123456789012"))).contains(arn);
    }

    @ParameterizedTest
    @CsvSource({"ledger-post:prod, live", "arn:aws:lambda:eu-west-1:123456789012:function:ledger-post:1, 2"})
    void aNameAndAParameterWithDifferentQualifiersNameNoFunction(String functionName, String qualifier) {
        assertThat(LambdaFunctionName.parse(functionName)).isPresent();
        assertThat(LambdaFunctionName.parse(functionName).flatMap(f -> f.withQualifier(qualifier))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ledger post", "ledger-post:a:b", "arn:aws:lambda:eu-west-1:1234:function:x",
        "arn:aws:lambda:eu-west-1:123456789012:function:a/../b", "arn:aws:sqs:eu-west-1:123456789012:ledger-post"})
    void refusesWhatIsNoneOfLambdasForms(String functionName) {
        assertThat(LambdaFunctionName.parse(functionName)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"ledger-post, eu-west-1, -", "ledger-post, -, 123456789012",
        "123456789012:function:ledger-post, -, 123456789012"})
    void hasNoArnWithoutTheRegionOrAccountItNeeds(String functionName, String region, String account) {
        assertThat(LambdaFunctionName.parse(functionName).orElseThrow().arn("aws", region, account)).isNull();
    }
}
