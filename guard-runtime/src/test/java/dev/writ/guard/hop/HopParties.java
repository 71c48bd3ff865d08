package dev.writ.guard.hop;

import dev.writ.guard.Fixtures;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritVerifier;
import dev.writ.testsupport.TestContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * The two guarded functions of a hop in the hop ITs: the producer ({@link Fixtures#FUNCTION}), whose
 * SDK calls get their child writs from an in-process {@link LocalExchange} (real verifier, local
 * signer), and a consumer guard that verifies what the service delivered.
 */
final class HopParties {

    static final String PRODUCER = Fixtures.FUNCTION;

    final LocalExchange exchange = new LocalExchange(new WritVerifier(Fixtures.verifierConfig().build()), PRODUCER,
            Fixtures.signer(), Fixtures.CLOCK);
    final Guard producer = guard();
    final Guard consumer = guard();

    private Guard guard() {
        return Guard.create(GuardConfig.builder().verifier(Fixtures.verifierConfig().build())
                .logTo(new PrintStream(OutputStream.nullOutputStream())).hops(exchange).build());
    }

    /** The producer's handler, allowed with {@code parent}, running {@code code} unmodified. */
    void produce(WritClaims parent, Runnable code) {
        producer.handle(Map.of("writ", Fixtures.token(parent)), new TestContext(PRODUCER), (e, c, writ) -> {
            code.run();
            return "sent";
        });
    }
}
