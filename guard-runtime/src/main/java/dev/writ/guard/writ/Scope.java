package dev.writ.guard.writ;

import dev.writ.core.json.JsonMembers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional {@code scp} claim: the AWS actions and resources the handler may call.
 *
 * @param actions   IAM-style actions, e.g. {@code dynamodb:GetItem}
 * @param resources ARNs (patterns allowed as in IAM)
 */
public record Scope(List<String> actions, List<String> resources) {

    public Scope {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("actions", actions);
        json.put("resources", resources);
        return json;
    }

    static Scope fromJson(JsonMembers claims) {
        return new Scope(claims.stringOrArray("actions", false), claims.stringOrArray("resources", false));
    }
}
