package dev.writ.cli.assess;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads a JSON template with Jackson's streaming parser, which gives every token's line (JSON is
 * nearly YAML, but YAML refuses tabs as indentation and the {@code \/} escape, both valid JSON).
 * Same values as {@link TemplateReader}: duplicate keys refused, {@code Ref} / {@code Fn::*}
 * mappings become {@link Fn}s, scalars are their text.
 */
final class JsonTemplateReader {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTemplateReader() {
    }

    static Mapping read(String text, String name) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new TemplateException(name + ": a template is a mapping at the top");
            }
            Object value = value(p, name);
            if (p.nextToken() != null) {
                throw new TemplateException(name + ": line " + line(p) + ": more after the template's closing brace");
            }
            if (!(value instanceof Mapping m)) {
                throw new TemplateException(name + ": a template is a mapping at the top, not " + TemplateReader.describe(value));
            }
            return m;
        } catch (JsonProcessingException e) {
            throw new TemplateException(name + ": not a YAML or JSON template: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new TemplateException(name + ": " + e.getMessage());
        }
    }

    private static Object value(JsonParser p, String name) throws IOException {
        int line = line(p);
        switch (p.currentToken()) {
            case START_OBJECT -> {
                Mapping m = new Mapping(line);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    if (m.containsKey(key)) {
                        throw new TemplateException(name + ": line " + keyLine + ": duplicate key '" + key + "'");
                    }
                    p.nextToken();
                    m.put(key, value(p, name), keyLine);
                }
                return TemplateReader.intrinsic(m);
            }
            case START_ARRAY -> {
                Sequence s = new Sequence(line);
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    s.add(value(p, name));
                }
                return s;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> {
                return p.getText();
            }
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
