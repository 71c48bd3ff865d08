package dev.writ.audit.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test resources as bytes and UTF-8 text. */
final class Resources {
    private Resources() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = Resources.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String path) {
        return NoteText.utf8(bytes(path));
    }
}
