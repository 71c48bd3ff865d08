package dev.writ.samtemplates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The constructor rule on JDK classes, which the check's platform-loader parent always finds. */
class HandlerCheckTest {

    @Test
    void acceptsAnInstanceMethodOfAClassWithAPublicNoArgumentConstructor() {
        assertThat(HandlerCheck.problem("java.lang.Object::toString", List.of())).isEmpty();
    }

    @Test
    void refusesAnInstanceMethodOfAClassLambdaCannotInstantiate() {
        assertThat(HandlerCheck.problem("java.lang.Integer::toString", List.of()))
                .hasValueSatisfying(p -> assertThat(p).isEqualTo(
                        "java.lang.Integer has no public no-argument constructor (Lambda instantiates it)"));
    }
}
