package dev.writ.guard.hop;

import java.nio.charset.StandardCharsets;

/**
 * A service's limit of what one call (or one entry of it) may send, in bytes as the service counts
 * them. A hop whose writ takes the call over it is not sent ({@code HOP_TOO_LARGE}): the service
 * would refuse it anyway, after its child writ was minted and recorded.
 *
 * @param owner   whose limit, as the message says it ({@code "SNS's"})
 * @param bytes   the most bytes the service accepts
 * @param spelled the limit as the service's documentation spells it ({@code "256 KiB"})
 */
record SizeLimit(String owner, int bytes, String spelled) {

    /** @throws WritHopException {@code HOP_TOO_LARGE} when {@code size} is over the limit */
    void require(long size, String what) {
        if (size > bytes) {
            throw new WritHopException(WritHopException.Reason.HOP_TOO_LARGE, null, what + " is " + size
                    + " bytes, over " + owner + " limit of " + bytes + " (" + spelled + ")");
        }
    }

    /** The length of {@code text} in UTF-8; 0 for null. */
    static long utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
