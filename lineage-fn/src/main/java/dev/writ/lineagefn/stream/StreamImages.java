package dev.writ.lineagefn.stream;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.writ.guard.lineage.MalformedRecordException;
import java.util.HashMap;
import java.util.Map;

/**
 * Stream images (the Lambda events model) as SDK items. Lineage items hold only strings and
 * numbers; any other attribute type is refused, since it could not have been hashed.
 */
final class StreamImages {
    private StreamImages() {
    }

    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdk(Map<String, AttributeValue> image) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> out = new HashMap<>();
        image.forEach((name, v) -> {
            if (v.getS() != null) {
                out.put(name, software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder().s(v.getS()).build());
            } else if (v.getN() != null) {
                out.put(name, software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder().n(v.getN()).build());
            } else {
                throw new MalformedRecordException(name + " is neither a string nor a number");
            }
        });
        return out;
    }
}
