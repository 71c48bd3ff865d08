package dev.writ.core.internal;

import java.math.BigInteger;

/**
 * ES256 signatures (IEEE P1363, {@code R || S}, 64 bytes) in their one low-s spelling.
 *
 * <p>ECDSA is malleable: if {@code (r, s)} verifies, so does {@code (r, n - s)}, so anyone could
 * re-spell a signed token without the key. Writ's signers therefore always emit the form with
 * {@code s <= n/2} (as Bitcoin's BIP 62 and Ethereum do), and its verifier refuses the other one,
 * so a writ, a delegation or a bundle signature has exactly one valid spelling.
 */
public final class EcdsaSignatures {

    /** The order n of the P-256 group. */
    private static final BigInteger N =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
    private static final BigInteger HALF_N = N.shiftRight(1);
    private static final int HALF = 32;

    private EcdsaSignatures() {
    }

    /** {@code signature} with {@code s} replaced by {@code n - s} when it is in the upper half; a new array. */
    public static byte[] lowS(byte[] signature) {
        if (signature.length != 2 * HALF || isLowS(signature)) {
            return signature.clone();
        }
        byte[] out = signature.clone();
        byte[] s = N.subtract(s(signature)).toByteArray();
        // toByteArray is big-endian with an optional sign byte; right-align it into 32 bytes.
        int copy = Math.min(s.length, HALF);
        java.util.Arrays.fill(out, HALF, 2 * HALF, (byte) 0);
        System.arraycopy(s, s.length - copy, out, 2 * HALF - copy, copy);
        return out;
    }

    /** True when {@code signature} is 64 bytes with {@code s <= n/2}. */
    public static boolean isLowS(byte[] signature) {
        return signature.length == 2 * HALF && s(signature).compareTo(HALF_N) <= 0;
    }

    private static BigInteger s(byte[] signature) {
        return new BigInteger(1, java.util.Arrays.copyOfRange(signature, HALF, 2 * HALF));
    }
}
