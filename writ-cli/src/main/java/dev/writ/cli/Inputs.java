package dev.writ.cli;

import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** Reading files the user named, with errors phrased as usage errors. */
final class Inputs {
    /** Far above any writ and the whitespace around it; a larger {@code @FILE} is not read past this. */
    static final int MAX_VALUE_FILE = 1 << 20;

    private Inputs() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    static Map<String, Object> jsonObject(Path file) {
        try {
            return Json.parseObject(read(file));
        } catch (JsonException e) {
            throw new UsageException(file + " is not a JSON object: " + e.getMessage());
        }
    }

    /**
     * A literal value, or the contents of a file when written {@code @path}, surrounding whitespace
     * trimmed. The contents are one value, never more arguments (picocli's @-files are off), and
     * whatever bytes the file holds are handed on for the caller to judge; a file that cannot be
     * read is a usage error, one that holds nothing or too much is a {@link Value#problem()}.
     */
    static Value literalOrFile(String value) {
        if (!value.startsWith("@")) {
            return new Value(value.strip(), null);
        }
        Path file;
        try {
            file = Path.of(value.substring(1));
        } catch (InvalidPathException e) {
            throw new UsageException("cannot read " + value + ": not a file name");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_VALUE_FILE + 1);
            if (bytes.length > MAX_VALUE_FILE) {
                return new Value("", file + " is larger than " + MAX_VALUE_FILE + " bytes");
            }
            // Undecodable bytes become U+FFFD, which the caller then refuses as it would any stray character.
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            return new Value(text, text.isEmpty() ? file + " is empty" : null);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * What an option given as {@code VALUE|@FILE} holds.
     *
     * @param text    the value, trimmed ({@code ""} when there is a problem)
     * @param problem why the file holds no value (empty, or larger than {@link #MAX_VALUE_FILE}), else null
     */
    record Value(String text, String problem) {
    }

    private static UsageException unreadable(Path file, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied"
                : Files.isDirectory(file) ? "it is a directory"
                : e.getClass().getSimpleName();
        return new UsageException("cannot read " + file + ": " + why);
    }
}
