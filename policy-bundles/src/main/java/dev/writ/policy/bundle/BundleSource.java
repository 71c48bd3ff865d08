package dev.writ.policy.bundle;

import dev.writ.core.internal.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of one bundle, by path relative to the bundle folder ({@code /}-separated), and the
 * bundle's content hash.
 *
 * <p>Content hash: for every file, sorted by the UTF-8 bytes of its path, the line
 * {@code hex(SHA-256(file bytes)) + "  " + path + "\n"} (exactly what {@code sha256sum} prints);
 * the content hash is the lowercase hex SHA-256 of those lines concatenated. It is independent of
 * file order and of anything outside the file bytes and paths (timestamps, permissions).
 */
public final class BundleSource {
    public static final String MANIFEST = "manifest.json";
    public static final String SCHEMA_CEDAR = "schema.cedarschema";
    public static final String SCHEMA_JSON = "schema.cedarschema.json";
    public static final String ENTITIES = "entities.json";
    public static final String POLICIES_DIR = "policies/";
    public static final String TESTS_DIR = "tests/";

    private static final int MAX_FILES = 1_000;
    private static final long MAX_TOTAL_BYTES = 8L * 1024 * 1024;

    private final TreeMap<String, byte[]> files;
    private final String contentHash;

    private BundleSource(TreeMap<String, byte[]> files) {
        this.files = files;
        this.contentHash = computeHash(files);
    }

    /**
     * Reads every regular file under {@code dir}, skipping names that start with a dot.
     *
     * @throws IOException when a file cannot be read, or the folder holds a symbolic link or a
     *     path this format cannot carry
     */
    public static BundleSource fromDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        Map<String, byte[]> read = new TreeMap<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.filter(p -> !p.equals(dir)).sorted().toList();
        }
        for (Path p : paths) {
            Path rel = dir.relativize(p);
            if (isHidden(rel)) {
                continue;
            }
            if (Files.isSymbolicLink(p)) {
                throw new IOException(rel + ": symbolic links are not allowed in a bundle");
            }
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                read.put(rel.toString().replace(java.io.File.separatorChar, '/'), Files.readAllBytes(p));
            }
        }
        try {
            return of(read);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * A bundle made of the given files.
     *
     * @throws IllegalArgumentException when a path is not a plain relative path, or the bundle is
     *     too large (over 1,000 files or 8 MiB)
     */
    public static BundleSource of(Map<String, byte[]> files) {
        if (files.size() > MAX_FILES) {
            throw new IllegalArgumentException("too many files: " + files.size());
        }
        TreeMap<String, byte[]> copy = new TreeMap<>(BundleSource::compareUtf8);
        long total = 0;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            checkPath(e.getKey());
            total += e.getValue().length;
            copy.put(e.getKey(), e.getValue().clone());
        }
        if (total > MAX_TOTAL_BYTES) {
            throw new IllegalArgumentException("bundle too large: " + total + " bytes");
        }
        return new BundleSource(copy);
    }

    /** The paths of every file, in content-hash order. */
    public List<String> paths() {
        return List.copyOf(files.keySet());
    }

    /** The paths under a folder prefix such as {@link #POLICIES_DIR}, in content-hash order. */
    public List<String> pathsUnder(String prefix, String suffix) {
        List<String> out = new ArrayList<>();
        for (String p : files.keySet()) {
            if (p.startsWith(prefix) && p.endsWith(suffix)) {
                out.add(p);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The bytes of one file (a copy). */
    public Optional<byte[]> bytes(String path) {
        byte[] b = files.get(path);
        return b == null ? Optional.empty() : Optional.of(b.clone());
    }

    /** The text of one file, decoded as UTF-8. */
    public Optional<String> text(String path) {
        byte[] b = files.get(path);
        return b == null ? Optional.empty() : Optional.of(new String(b, StandardCharsets.UTF_8));
    }

    /** The lowercase hex content hash (see the class comment for the exact bytes hashed). */
    public String contentHash() {
        return contentHash;
    }

    private static String computeHash(TreeMap<String, byte[]> files) {
        MessageDigest outer = Sha256.newDigest();
        HexFormat hex = HexFormat.of();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            String line = hex.formatHex(Sha256.digest(e.getValue())) + "  " + e.getKey() + "\n";
            outer.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return hex.formatHex(outer.digest());
    }

    private static boolean isHidden(Path rel) {
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    // sha256sum escapes names holding '\\' or a newline; refusing them keeps the hash reproducible
    // with coreutils, and refusing '.', '..' and empty segments keeps every path inside the bundle.
    private static void checkPath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("bad bundle path: \"" + path + "\"");
        }
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new IllegalArgumentException("bad bundle path: \"" + path + "\"");
            }
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new IllegalArgumentException("bad character in bundle path: \"" + path + "\"");
            }
        }
    }

    private static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
