package dev.writ.policy.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BundleSourceTest {

    private static Map<String, byte[]> vectorFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("policies/p.cedar", "permit(principal, action, resource);\n".getBytes(UTF_8));
        files.put("manifest.json", "{\"a\":1}\n".getBytes(UTF_8));
        files.put("policies/Q.cedar", "Z".getBytes(UTF_8));
        return files;
    }

    @Test
    void contentHashIsWhatSha256sumGivesOverTheSortedFiles() {
        // Made with coreutils in a folder holding these three files:
        //   find . -type f | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum
        assertThat(BundleSource.of(vectorFiles()).contentHash())
                .isEqualTo("db1f35fd56e2b9142ada3619f240844b645043108dad573bb2daf3abdbf6fe46");
    }

    @Test
    void theSampleBundleHashesAsTheReadmeCommandSays() throws Exception {
        Process p = new ProcessBuilder("bash", "-c",
                "find . -type f ! -path '*/.*' | sed 's|^\\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum")
                .directory(dev.writ.policy.TestBundles.PAYMENTS.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor()).as(out).isZero();

        assertThat(out.substring(0, 64)).isEqualTo(BundleSource.fromDirectory(dev.writ.policy.TestBundles.PAYMENTS).contentHash());
    }

    @Test
    void contentHashDoesNotDependOnTheOrderFilesAreGiven() {
        Map<String, byte[]> reversed = new LinkedHashMap<>();
        var keys = new java.util.ArrayList<>(vectorFiles().keySet());
        java.util.Collections.reverse(keys);
        keys.forEach(k -> reversed.put(k, vectorFiles().get(k)));
        assertThat(BundleSource.of(reversed).contentHash()).isEqualTo(BundleSource.of(vectorFiles()).contentHash());
    }

    @Test
    void contentHashChangesWhenAFileIsEditedRenamedAddedOrRemoved() {
        String base = BundleSource.of(vectorFiles()).contentHash();

        Map<String, byte[]> edited = vectorFiles();
        edited.put("policies/Q.cedar", "Y".getBytes(UTF_8));
        Map<String, byte[]> renamed = vectorFiles();
        renamed.put("policies/R.cedar", renamed.remove("policies/Q.cedar"));
        Map<String, byte[]> added = vectorFiles();
        added.put("tests/t.json", "{}".getBytes(UTF_8));
        Map<String, byte[]> removed = vectorFiles();
        removed.remove("policies/Q.cedar");

        for (Map<String, byte[]> changed : java.util.List.of(edited, renamed, added, removed)) {
            assertThat(BundleSource.of(changed).contentHash()).isNotEqualTo(base);
        }
    }

    @Test
    void refusesPathsThatLeaveTheBundleOrCannotBeHashedReproducibly() {
        for (String bad : new String[] {"../x.cedar", "/etc/passwd", "policies//a.cedar", "./a", "a\\b", "a\nb", "dir/"}) {
            assertThatThrownBy(() -> BundleSource.of(Map.of(bad, new byte[0])))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void readsAFolderSkippingDotFiles(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("policies"));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve("manifest.json"), "{}");
        Files.writeString(dir.resolve("policies/a.cedar"), "x");
        Files.writeString(dir.resolve(".git/HEAD"), "ref");
        Files.writeString(dir.resolve(".DS_Store"), "junk");

        assertThat(BundleSource.fromDirectory(dir).paths()).containsExactly("manifest.json", "policies/a.cedar");
    }

    @Test
    void refusesASymbolicLinkInTheFolder(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("manifest.json"), "{}");
        Files.createSymbolicLink(dir.resolve("entities.json"), Path.of("/etc/hostname"));

        assertThatThrownBy(() -> BundleSource.fromDirectory(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("entities.json").hasMessageContaining("symbolic link");
    }
}
