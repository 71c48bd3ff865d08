package dev.writ.guard;

import dev.writ.core.json.Json;
import dev.writ.testsupport.Events;
import java.util.Map;
import java.util.function.Consumer;

/** Real API Gateway, SQS and SNS event JSON (from the AWS documentation), edited per test. */
public final class GuardEvents {

    private GuardEvents() {
    }

    /** The JSON of {@code events/<name>.json}, with {@code edit} applied to its parsed form. */
    public static String json(String name, Consumer<Map<String, Object>> edit) {
        Map<String, Object> event = Json.parseObject(Events.text(name + ".json"));
        edit.accept(event);
        return Json.write(event);
    }
}
