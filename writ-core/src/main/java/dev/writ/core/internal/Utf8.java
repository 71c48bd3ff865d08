package dev.writ.core.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding, the one decoder for text Writ reads as bytes from outside. */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * {@code bytes} as text: malformed or truncated sequences, overlong forms and encoded
     * surrogates are refused, never replaced with U+FFFD (which would read other bytes as the same text).
     *
     * @throws CharacterCodingException when {@code bytes} are not UTF-8
     */
    public static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }
}
