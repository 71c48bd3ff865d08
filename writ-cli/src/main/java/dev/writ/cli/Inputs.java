package dev.writ.cli;

import dev.writ.guard.json.Json;
import dev.writ.guard.json.JsonException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reading files the user named, with errors phrased as usage errors. */
final class Inputs {

    private Inputs() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    static Map<String, Object> jsonObject(Path file) {
        try {
            return Json.parseObject(read(file));
        } catch (JsonException e) {
            throw new UsageException(file + " is not a JSON object: " + e.getMessage());
        }
    }

    /** A literal value, or the contents of a file when written {@code @path}. */
    static String literalOrFile(String value) {
        return value.startsWith("@") ? read(Path.of(value.substring(1))).strip() : value.strip();
    }
}
