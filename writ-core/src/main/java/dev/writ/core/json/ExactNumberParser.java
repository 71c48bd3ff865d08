package dev.writ.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;

/**
 * A parser whose number with a fraction or an exponent reads as a {@code Double} only when that
 * double's RFC 8785 canonical form stands for exactly the number written ({@link CanonicalJson#isExact}),
 * and as the {@code BigDecimal} written otherwise: {@code 120.000000000000001} is not the double
 * {@code 120}, so a reader that takes it as one would decide on, or bind, a number a function reading
 * the text exactly does not receive. Readers choose the class by {@link #getNumberType()}, as
 * jackson-jr and {@link ReadOnlyJson} do.
 */
final class ExactNumberParser extends JsonParserDelegate {

    ExactNumberParser(JsonParser parser) {
        super(parser);
    }

    @Override
    public NumberType getNumberType() throws IOException {
        NumberType type = delegate.getNumberType();
        if (type != NumberType.DOUBLE || delegate.currentToken() != JsonToken.VALUE_NUMBER_FLOAT) {
            return type;
        }
        // The decimal is read from the text, not widened from the double (Jackson's ParserBase).
        return CanonicalJson.isExact(delegate.getDecimalValue()) ? type : NumberType.BIG_DECIMAL;
    }
}
