package dev.writ.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Json#parseReadOnlyObject} against {@link Json#parseObject}, the jackson-jr reading it
 * replaces for tokens: on every payload of {@link JsonCorpus}, the same refusal with the same message,
 * or equal values of the same classes in the same order.
 */
class ReadOnlyJsonTest {

    @Test
    void refusesAndReadsExactlyWhatJacksonJrDoesOnTheWholeCorpus() {
        List<byte[]> corpus = JsonCorpus.all();
        int refused = 0;
        for (byte[] payload : corpus) {
            String oracle = outcome(() -> Json.parseObject(payload));
            String readOnly = outcome(() -> Json.parseReadOnlyObject(payload));
            assertThat(readOnly).as(new String(payload, StandardCharsets.UTF_8)).isEqualTo(oracle);
            refused += oracle.startsWith("refused") ? 1 : 0;
        }
        assertThat(refused).as("the corpus holds refusals and acceptances").isBetween(corpus.size() / 10, corpus.size() * 9 / 10);
    }

    @Test
    void nothingInsideCanBeChanged() {
        Map<String, Object> json = Json.parseReadOnlyObject(
                "{\"a\":{\"b\":[1,{\"c\":2}]},\"n\":null}".getBytes(StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) json.get("a");
        @SuppressWarnings("unchecked")
        List<Object> b = (List<Object>) a.get("b");
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) b.get(1);

        assertThatThrownBy(() -> json.put("a", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> json.remove("n")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> json.keySet().remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(json::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> json.entrySet().iterator().next().setValue(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> json.replaceAll((k, v) -> 1)).isInstanceOf(UnsupportedOperationException.class);
        Iterator<String> names = json.keySet().iterator();
        names.next();
        assertThatThrownBy(names::remove).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> b.add(3)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> b.set(0, 3)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.put("c", 3)).isInstanceOf(UnsupportedOperationException.class);

        assertThat(json).containsKey("n").containsEntry("n", null).hasSize(2);
        assertThat(json).isEqualTo(Json.parseObject("{\"a\":{\"b\":[1,{\"c\":2}]},\"n\":null}"));
    }

    /** What a reader made of a payload: its refusal's message, or its values with their classes. */
    private static String outcome(java.util.function.Supplier<Map<String, Object>> reader) {
        try {
            return "read " + describe(reader.get());
        } catch (JsonException e) {
            return "refused " + e.getMessage();
        }
    }

    private static String describe(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((name, member) -> out.append(name).append('=').append(describe(member)).append(';'));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            list.forEach(item -> out.append(describe(item)).append(';'));
            return out.append(']').toString();
        }
        return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
    }
}
