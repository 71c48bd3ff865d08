package dev.writ.audit.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.tlog.Cosignature;
import dev.writ.audit.tlog.CosignatureSigner;
import dev.writ.audit.tlog.TlogCheckpoint;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** How a witness's answer is read: only a cosignature by its key over the submitted checkpoint counts. */
class WitnessClientTest {
    private final CosignatureSigner witness = signer("witness.example/w1");
    private final CosignatureSigner other = signer("witness.example/w2");
    private final WitnessClient client = WitnessClient.create(witness.key(), URI.create("http://127.0.0.1:1/"));
    private final TlogCheckpoint checkpoint = new TlogCheckpoint("writ.example/log", 3, MerkleHash.emptyRoot());

    private static CosignatureSigner signer(String name) {
        try {
            return new CosignatureSigner(name, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCosignatureByItsKeyOverTheCheckpointIsCosigned() {
        String line = witness.sign(checkpoint, 1_765_000_000L).line();
        assertThat(client.reply(200, "— other/key AAAA\n" + line + "\n", checkpoint.text()))
                .isInstanceOf(WitnessClient.Cosigned.class);
    }

    @Test
    void aCosignatureDatedBeyondTheSkewAheadIsRefusedNotKept() {
        long now = Instant.now().getEpochSecond();
        String withinSkew = witness.sign(checkpoint, now + Cosignature.MAX_AHEAD.toSeconds() - 60).line();
        assertThat(client.reply(200, withinSkew + "\n", checkpoint.text())).isInstanceOf(WitnessClient.Cosigned.class);
        long aDayAhead = now + 86_400;
        WitnessClient.Reply ahead = client.reply(200, witness.sign(checkpoint, aDayAhead).line() + "\n", checkpoint.text());
        assertThat(ahead).isEqualTo(new WitnessClient.Refused(200, "a cosignature dated " + aDayAhead + ", more than 10 minutes ahead of this clock"));
    }

    @Test
    void aCosignatureIsKeptUpToExactlyTheSkewAheadOfTheClock() {
        long signedAt = 1_765_000_000L;
        String line = witness.sign(checkpoint, signedAt).line() + "\n";
        Instant atTheSkew = Instant.ofEpochSecond(signedAt - Cosignature.MAX_AHEAD.toSeconds());
        URI base = URI.create("http://127.0.0.1:1/");
        assertThat(WitnessClient.create(witness.key(), base, Clock.fixed(atTheSkew, ZoneOffset.UTC)).reply(200, line, checkpoint.text()))
                .isInstanceOf(WitnessClient.Cosigned.class);
        assertThat(WitnessClient.create(witness.key(), base, Clock.fixed(atTheSkew.minusSeconds(1), ZoneOffset.UTC))
                .reply(200, line, checkpoint.text()))
                .isEqualTo(new WitnessClient.Refused(200, "a cosignature dated " + signedAt + ", more than 10 minutes ahead of this clock"));
    }

    @Test
    void anythingElseIsRefusedOrStale() {
        String byOther = other.sign(checkpoint, 1L).line();
        TlogCheckpoint another = new TlogCheckpoint("writ.example/log", 4, MerkleHash.emptyRoot());
        String overAnother = witness.sign(another, 1L).line();
        assertThat(client.reply(200, byOther + "\n", checkpoint.text())).isInstanceOf(WitnessClient.Refused.class);
        assertThat(client.reply(200, overAnother + "\n", checkpoint.text())).as("a cosignature of another checkpoint")
                .isInstanceOf(WitnessClient.Refused.class);
        assertThat(client.reply(200, "", checkpoint.text())).isInstanceOf(WitnessClient.Refused.class);
        assertThat(client.reply(409, "7\n", checkpoint.text())).isEqualTo(new WitnessClient.Stale(7));
        assertThat(client.reply(409, "seven\n", checkpoint.text())).isEqualTo(new WitnessClient.Refused(409, "409 without the witness's size"));
        for (String notASize : new String[] {"+7\n", "07\n", "-1\n", "\u0667\n"}) {
            assertThat(client.reply(409, notASize, checkpoint.text())).as(notASize).isEqualTo(new WitnessClient.Refused(409, "409 without the witness's size"));
        }
        assertThat(client.reply(422, "FORK detail\nmore\n", checkpoint.text())).isEqualTo(new WitnessClient.Refused(422, "FORK detail"));
    }

    @Test
    void aWitnessUrlIsHttpsOrLoopbackAndTheRequestGoesToAddCheckpoint() {
        assertThatThrownBy(() -> WitnessClient.create(witness.key(), URI.create("http://witness.example/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(WitnessClient.create(witness.key(), URI.create("https://w.example/prefix")).toString())
                .isEqualTo("witness.example/w1 at https://w.example/prefix/add-checkpoint");
    }
}
