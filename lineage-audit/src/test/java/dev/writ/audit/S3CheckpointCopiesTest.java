package dev.writ.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.LineageHash;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Which listed object is the newest write-once copy, and whether it is the copy its key names:
 * whoever may write to the bucket can add objects (Object Lock stops only deletes and overwrites
 * from hiding anything), so an added key must not pose as the newest copy. No S3 call is made here;
 * the listing and the reading are S3CheckpointCopies' and CheckpointCopiesCliIT's.
 */
class S3CheckpointCopiesTest {
    private static final String PREFIX = "writ.example/lineage/";
    private final S3CheckpointCopies copies = new S3CheckpointCopies("bucket", PREFIX, () -> {
        throw new AssertionError("no S3 call expected");
    });

    private static ObjectVersion version(String key, String id, long second) {
        return ObjectVersion.builder().key(key).versionId(id).lastModified(Instant.ofEpochSecond(second)).build();
    }

    @Test
    void theNewestIsTheHighestSeqAmongCopyKeysAndOtherKeysArePassedOver() {
        List<ObjectVersion> listed = List.of(
                version(PREFIX + "0000000000000000001.json", "a", 10),
                version(PREFIX + "0000000000000000002.json", "b", 20),
                version(PREFIX + "zzz.json", "c", 30), // sorted last by name: the old choice
                version(PREFIX + "9999999999999999999.json", "d", 30), // 19 digits above 2^63 - 1
                version(PREFIX + "00000000000000000009.json", "e", 30), // 20 digits
                version(PREFIX + "sub/0000000000000000009.json", "f", 30),
                version("other/0000000000000000009.json", "g", 30));
        assertThat(copies.newestVersion(listed)).map(ObjectVersion::versionId).contains("b");
        assertThat(copies.newestVersion(listed.subList(2, listed.size()))).isEmpty();
    }

    @Test
    void ofOneKeyTheFirstWrittenVersionIsTaken() {
        String key = PREFIX + "0000000000000000002.json";
        // S3 lists a key's versions newest first; two written in one second: the later listed is the older.
        assertThat(copies.newestVersion(List.of(version(key, "overwrite", 21), version(key, "first", 20)))).map(ObjectVersion::versionId)
                .contains("first");
        assertThat(copies.newestVersion(List.of(version(key, "overwrite", 20), version(key, "first", 20)))).map(ObjectVersion::versionId)
                .contains("first");
    }

    @Test
    void aCopyUnderTheKeyOfAnotherCheckpointIsRefused() {
        LineageRecord checkpoint3 = LineageRecord.seal(LineageRecord.CHECKPOINT_CHAIN, 3, LineageHash.ZERO_HEX,
                LineageRecord.draft(LineageRecord.Type.CHECKPOINT).ts(1000).note("a note\n").build());
        String json = new CheckpointCopy(checkpoint3, "a log note\n").toJson();
        assertThat(copies.copyAt(version(PREFIX + "0000000000000000003.json", "v", 1), json).record()).isEqualTo(checkpoint3);
        // A genuine older copy written under a newer key would hide the checkpoints and records deleted since.
        assertThatThrownBy(() -> copies.copyAt(version(PREFIX + "0000000000000000007.json", "v7", 1), json))
                .hasMessage(PREFIX + "0000000000000000007.json (version v7) holds the copy of checkpoint 3, not of the checkpoint its key names");
        assertThatThrownBy(() -> copies.copyAt(version(PREFIX + "0000000000000000007.json", "v7", 1), "{}"))
                .hasMessageStartingWith(PREFIX + "0000000000000000007.json (version v7) is not a checkpoint copy: ");
    }
}
