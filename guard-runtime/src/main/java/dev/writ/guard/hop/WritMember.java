package dev.writ.guard.hop;

import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import dev.writ.guard.internal.EventInspector;
import dev.writ.guard.writ.BoundInputs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A writ carried as member {@value EventInspector#WRIT_MEMBER} of a JSON object the call sends (an
 * EventBridge event's {@code Detail}, a Step Functions execution's input), bound to the rest of
 * that object as the receiver reads it ({@link EventInspector#memberBody}).
 */
final class WritMember {

    private WritMember() {
    }

    /** {@code json} (null or blank: {@code {}}) as an object the writ can be added to. */
    static Map<String, Object> object(String json, String what) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            return new LinkedHashMap<>(Json.parseObject(json));
        } catch (RuntimeException e) {
            throw new WritHopException(WritHopException.Reason.HOP_NOT_POSSIBLE, null,
                    what + " is not a JSON object, so it cannot carry the writ");
        }
    }

    /** The digest the child writ binds as {@code body}. */
    static String digest(Map<String, Object> object) {
        try {
            return BoundInputs.digest(EventInspector.memberBody(object));
        } catch (JsonException e) {
            throw notBoundExactly("the body", e);
        }
    }

    /** {@code what} has no canonical JSON that binds it exactly: the receiver's guard would refuse any writ for it. */
    static WritHopException notBoundExactly(String what, JsonException e) {
        return new WritHopException(WritHopException.Reason.HOP_NOT_POSSIBLE, null, what + " has no canonical JSON that binds it"
                + " exactly (" + e.getMessage() + "), so no writ can bind it");
    }

    /** {@code object} with the writ, as JSON text. */
    static String with(Map<String, Object> object, String writ) {
        Map<String, Object> out = new LinkedHashMap<>(object);
        out.put(EventInspector.WRIT_MEMBER, writ);
        return Json.write(out);
    }
}
