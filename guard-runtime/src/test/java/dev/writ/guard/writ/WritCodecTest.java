package dev.writ.guard.writ;

import dev.writ.core.jose.CompactJws;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.guard.Fixtures;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.jose.Signer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WritCodecTest {

    /** Counts the signatures it is asked for (a KMS signer would make a call for each). */
    private static final class CountingSigner implements Signer {
        final AtomicInteger calls = new AtomicInteger();
        private final Signer delegate = Fixtures.signer();

        @Override
        public String keyId() {
            return delegate.keyId();
        }

        @Override
        public SigningAlgorithm algorithm() {
            return delegate.algorithm();
        }

        @Override
        public byte[] sign(byte[] signingInput) {
            calls.incrementAndGet();
            return delegate.sign(signingInput);
        }
    }

    @Test
    void refusesAWritTooLongToCarryBeforeAskingForASignature() {
        CountingSigner signer = new CountingSigner();
        WritClaims big = Fixtures.validWrit().resource("x".repeat(CompactJws.MAX_LENGTH)).build();
        assertThatThrownBy(() -> WritCodec.encode(big, signer))
                .isInstanceOf(MalformedWritException.class).hasMessageContaining("exceeds");
        assertThat(signer.calls).as("no signature (no KMS call) for a writ that cannot be carried").hasValue(0);

        assertThat(WritCodec.encode(Fixtures.validWrit().build(), signer)).isNotEmpty();
        assertThat(signer.calls).hasValue(1);
    }
}
