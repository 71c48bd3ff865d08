package dev.writ.guard.lineage;

import dev.writ.guard.lineage.internal.LineageHash;
import dev.writ.guard.lineage.internal.LineageItems;
import dev.writ.guard.lineage.internal.RecordJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class LineageRecordTest {

    private static final String ZEROS = "0".repeat(64);

    static LineageRecord.Draft sampleDraft() {
        return LineageRecord.draft(LineageRecord.Type.VERIFICATION)
                .ts(1763780000123L)
                .execId("jti-1")
                .principal("alice")
                .function("orders")
                .action("Action::\"read\"")
                .resource("Order::\"42\"")
                .decision("allow")
                .bundle("orders@7#abc")
                .build();
    }

    @Test
    void hashIsDomainSeparatedOverCanonicalContentWithoutPrevAndHash() throws Exception {
        LineageRecord r = LineageRecord.seal("orders#0", 0, ZEROS, sampleDraft());

        // Typed by hand from RFC 8785's rules: members sorted by UTF-16 code units, integers plain.
        String canonical = "{\"action\":\"Action::\\\"read\\\"\",\"bundle\":\"orders@7#abc\",\"chain\":\"orders#0\","
                + "\"decision\":\"allow\",\"execId\":\"jti-1\",\"function\":\"orders\",\"principal\":\"alice\","
                + "\"resource\":\"Order::\\\"42\\\"\",\"seq\":0,\"ts\":1763780000123,\"type\":\"verification\"}";
        assertThat(new String(RecordJson.canonicalContent(r), StandardCharsets.UTF_8)).isEqualTo(canonical);

        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update((byte) 0);
        byte[] leaf = d.digest(canonical.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 1);
        d.update(new byte[32]);
        String expected = HexFormat.of().formatHex(d.digest(leaf));

        assertThat(r.hash()).isEqualTo(expected);
        assertThat(r.prev()).isEqualTo(ZEROS);
        assertThat(r.hashIsValid()).isTrue();
    }

    @Test
    void absentFieldsAreOmittedNotNull() {
        LineageRecord r = LineageRecord.seal("orders#0", 3, ZEROS,
                LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(5).function("orders").transaction("").build());
        assertThat(r.toJson()).doesNotContain("null").doesNotContain("txn").doesNotContain("execId");
        assertThat(r.transaction()).isEmpty();
    }

    @Test
    void prevIsLinkedIntoTheHash() {
        LineageRecord a = LineageRecord.seal("orders#0", 1, ZEROS, sampleDraft());
        LineageRecord b = LineageRecord.seal("orders#0", 1, "1".repeat(64), sampleDraft());
        assertThat(a.hash()).isNotEqualTo(b.hash());
    }

    @Test
    void seqAndChainAreHashed() {
        LineageRecord a = LineageRecord.seal("orders#0", 1, ZEROS, sampleDraft());
        assertThat(LineageRecord.seal("orders#0", 2, ZEROS, sampleDraft()).hash()).isNotEqualTo(a.hash());
        assertThat(LineageRecord.seal("orders#1", 1, ZEROS, sampleDraft()).hash()).isNotEqualTo(a.hash());
    }

    @Test
    void jsonLineRoundTripsAndStillVerifies() {
        LineageRecord r = LineageRecord.seal("orders#0", 9, "ab".repeat(32), sampleDraft());
        LineageRecord back = LineageRecord.fromJson(r.toJson());
        assertThat(back).isEqualTo(r);
        assertThat(back.hashIsValid()).isTrue();
    }

    @Test
    void anExchangeRecordIsReadAsOne() {
        LineageRecord r = LineageRecord.seal("writ-exchange#0", 0, ZEROS, LineageRecord.draft(LineageRecord.Type.EXCHANGE).ts(7)
                .function("payments-write").execId("child").parent("parent").transaction("t-1").principal("carl")
                .decision("allow").reason("ALLOWED").build());
        assertThat(r.toJson()).contains("\"type\":\"exchange\"");
        LineageRecord back = LineageRecord.fromJson(r.toJson());
        assertThat(back.type()).isEqualTo(LineageRecord.Type.EXCHANGE);
        assertThat(back.hashIsValid()).isTrue();
    }

    @Test
    void editedFieldNoLongerMatchesItsHash() {
        LineageRecord r = LineageRecord.seal("orders#0", 9, ZEROS, sampleDraft());
        LineageRecord edited = LineageRecord.fromJson(r.toJson().replace("\"allow\"", "\"deny\""));
        assertThat(edited.hashIsValid()).isFalse();
    }

    @Test
    void refusesDuplicateMembers() {
        String line = LineageRecord.seal("orders#0", 9, ZEROS, sampleDraft()).toJson();
        String dup = line.replace("{\"action\"", "{\"decision\":\"deny\",\"action\"");
        assertThatThrownBy(() -> LineageRecord.fromJson(dup)).isInstanceOf(MalformedRecordException.class);
    }

    @Test
    void refusesUnknownMembersWhichWouldEscapeTheHash() {
        String line = LineageRecord.seal("orders#0", 9, ZEROS, sampleDraft()).toJson();
        assertThatThrownBy(() -> LineageRecord.fromJson(line.replace("{", "{\"admin\":\"yes\",")))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("admin");
    }

    @Test
    void refusesHostileShapes() {
        String line = LineageRecord.seal("orders#0", 9, ZEROS, sampleDraft()).toJson();
        for (String bad : new String[] {
            "", "[]", "{", "not json", line.replace("\"seq\":9", "\"seq\":9.5"), line.replace("\"seq\":9", "\"seq\":\"9\""),
            line.replace("\"seq\":9", "\"seq\":-1"), line.replace("\"seq\":9", "\"seq\":1e400"),
            line.replace("\"type\":\"verification\"", "\"type\":\"other\""), line.replace(ZEROS, ZEROS.toUpperCase(Locale.ROOT) + "A"),
            line.replace("\"principal\":\"alice\"", "\"principal\":\"\""), line.replace("\"principal\":\"alice\"", "\"principal\":null"),
            // Beyond 2^53 - 1 JCS libraries print numbers differently: refused, not hashed ambiguously.
            line.replace("\"seq\":9", "\"seq\":9007199254740992"), line.replace("\"ts\":1763780000123", "\"ts\":9007199254740992"),
            line.replace("\"ts\":1763780000123", "\"ts\":-1"),
        }) {
            assertThatThrownBy(() -> LineageRecord.fromJson(bad)).as(bad).isInstanceOf(MalformedRecordException.class);
        }
    }

    @Test
    void checkpointsLiveOnChainCheckpointOnlyAndOnlyCheckpointsCarryNotes() {
        LineageRecord.Draft checkpoint = LineageRecord.draft(LineageRecord.Type.CHECKPOINT).ts(1).note("n").build();
        assertThat(LineageRecord.fromJson(LineageRecord.seal(LineageRecord.CHECKPOINT_CHAIN, 0, ZEROS, checkpoint).toJson()).note()).contains("n");
        String misplaced = LineageRecord.seal("orders#0", 0, ZEROS, checkpoint).toJson();
        String notCheckpoint = LineageRecord.seal(LineageRecord.CHECKPOINT_CHAIN, 0, ZEROS, sampleDraft()).toJson();
        String noteOnData = LineageRecord.seal("orders#0", 0, ZEROS, sampleDraft()).toJson().replace("{", "{\"note\":\"n\",");
        String noNote = LineageRecord.seal(LineageRecord.CHECKPOINT_CHAIN, 0, ZEROS,
                LineageRecord.draft(LineageRecord.Type.CHECKPOINT).ts(1).build()).toJson();
        for (String bad : new String[] {misplaced, notCheckpoint, noteOnData, noNote}) {
            assertThatThrownBy(() -> LineageRecord.fromJson(bad)).as(bad).isInstanceOf(MalformedRecordException.class);
        }
        assertThatThrownBy(() -> LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(1L << 53)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPayloadHashIsLowerCaseHexSha256OrTheRecordIsRefused() {
        String digest = "ab".repeat(32);
        LineageRecord r = LineageRecord.seal("orders#0", 9, ZEROS,
                LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(5).function("orders").payloadHash(digest).build());
        assertThat(LineageRecord.fromJson(r.toJson()).payloadHash()).contains(digest);
        for (String bad : new String[] {"AB".repeat(32), "ab".repeat(31), "ab".repeat(33), "zz" + "ab".repeat(31), "sha256:" + digest}) {
            assertThatThrownBy(() -> LineageRecord.fromJson(r.toJson().replace(digest, bad))).as(bad)
                    .isInstanceOf(MalformedRecordException.class).hasMessage("payloadHash is not a hex SHA-256");
            var item = new java.util.HashMap<>(LineageItems.toItem(r));
            item.put("payloadHash", LineageItems.s(bad));
            assertThatThrownBy(() -> LineageRecord.fromItem(item)).as(bad)
                    .isInstanceOf(MalformedRecordException.class).hasMessage("payloadHash is not a hex SHA-256");
            // A writer cannot draft a record its readers would refuse.
            assertThatThrownBy(() -> LineageRecord.draft(LineageRecord.Type.OUTCOME).payloadHash(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aMalformedRecordNamesTheChainAndSeqItCarriesWhenTheyAreReadable() {
        String line = LineageRecord.seal("orders#0", 9, ZEROS, sampleDraft()).toJson();
        assertThatThrownBy(() -> LineageRecord.fromJson(line.replace("{", "{\"admin\":\"yes\",")))
                .isInstanceOfSatisfying(MalformedRecordException.class, e -> {
                    assertThat(e.chain()).contains("orders#0");
                    assertThat(e.seq()).hasValue(9);
                });
        for (String unplaced : new String[] {"{\"chain\":\"orders#0\",", line.replace("\"seq\":9", "\"seq\":-1"),
            line.replace("\"chain\":\"orders#0\"", "\"chain\":7")}) {
            assertThatThrownBy(() -> LineageRecord.fromJson(unplaced)).as(unplaced)
                    .isInstanceOfSatisfying(MalformedRecordException.class, e -> {
                        assertThat(e.chain()).isEmpty();
                        assertThat(e.seq()).isEmpty();
                    });
        }
        var item = new java.util.HashMap<>(LineageItems.toItem(LineageRecord.seal("orders#1", 4, ZEROS, sampleDraft())));
        item.put("hash", LineageItems.s("nope"));
        assertThatThrownBy(() -> LineageRecord.fromItem(item)).isInstanceOfSatisfying(MalformedRecordException.class, e -> {
            assertThat(e.chain()).contains("orders#1");
            assertThat(e.seq()).hasValue(4);
        });
    }

    @Test
    void hashComparisonIsHexStrict() {
        String h = "ab".repeat(32);
        assertThat(LineageHash.equalHex(h, h)).isTrue();
        assertThat(LineageHash.equalHex(h, h.toUpperCase(Locale.ROOT))).isFalse();
        assertThat(LineageHash.equalHex(h, h.substring(2))).isFalse();
        assertThat(LineageHash.equalHex(null, h)).isFalse();
    }
}
