package dev.writ.audit.tlog;

/**
 * A key a signed note may be verified with: its name and key ID select its signature lines
 * (c2sp.org/signed-note), and it checks the signature bytes of a line over the note text.
 */
public interface NoteVerifier {
    String keyName();

    int keyId();

    /** True when {@code signature} (the bytes after the key ID) is this key's signature over {@code text}. */
    boolean verify(String text, byte[] signature);
}
