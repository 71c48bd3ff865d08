package dev.writ.examples.zerocode;

/** One payment of the sample ledger, and its JSON. */
record Payment(String id, long amount, String currency, String status) {

    String toJson() {
        return "{\"id\":" + quote(id) + ",\"amount\":" + amount + ",\"currency\":" + quote(currency)
                + ",\"status\":" + quote(status) + "}";
    }

    /** A JSON string (or {@code null}). */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
