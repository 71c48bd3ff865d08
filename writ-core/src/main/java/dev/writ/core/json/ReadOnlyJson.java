package dev.writ.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Jackson's streaming parser read into values nobody can change afterwards: objects as
 * {@link ReadOnlyObject} (members in document order, a JSON {@code null} kept as a present member),
 * arrays as unmodifiable lists, scalars as jackson-jr reads them (the same {@code Integer},
 * {@code Long}, {@code BigInteger}, {@code Double} ... for the same token), so a reader of the values
 * ({@link JsonMembers}) refuses exactly what it refused on jackson-jr's maps. Lighter than those maps:
 * two arrays per object instead of an entry per member.
 */
final class ReadOnlyJson {

    private ReadOnlyJson() {
    }

    /**
     * The object starting at the parser's current {@code START_OBJECT}; leaves the parser on its
     * {@code END_OBJECT}. Refuses a duplicate member name itself, for a parser made without Jackson's
     * {@code STRICT_DUPLICATE_DETECTION} (which costs a {@code HashSet} per object of more than two
     * members), with Jackson's message and at the point Jackson's detection would: as soon as the name
     * is read, before its value.
     */
    static Map<String, Object> object(JsonParser parser) throws IOException {
        ReadOnlyObject object = new ReadOnlyObject();
        while (nextName(parser, object) != JsonToken.END_OBJECT) {
            String name = parser.currentName();
            if (object.containsKey(name)) {
                throw duplicate(name);
            }
            parser.nextToken();
            object.add(name, value(parser));
        }
        return object;
    }

    /**
     * The next member's {@code FIELD_NAME}, or the object's {@code END_OBJECT}. Jackson lexes a
     * number or literal value in the same step as its name, so a bad value after a duplicate name
     * fails here; the name has been read when the parser is left on {@code FIELD_NAME}, and a
     * duplicate is then what is refused, as Jackson's own detection (between name and value) does.
     */
    private static JsonToken nextName(JsonParser parser, ReadOnlyObject object) throws IOException {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            if (parser.currentToken() == JsonToken.FIELD_NAME && object.containsKey(parser.currentName())) {
                throw duplicate(parser.currentName());
            }
            throw e;
        }
    }

    /** Jackson's own message for a duplicate (its location, after a newline, is dropped by {@link Json}). */
    private static JsonException duplicate(String name) {
        return new JsonException("Duplicate field '" + name + "'");
    }

    static boolean isReadOnly(Map<?, ?> map) {
        return map instanceof ReadOnlyObject;
    }

    private static Object value(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT:
                return object(parser);
            case START_ARRAY:
                List<Object> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(parser));
                }
                return Collections.unmodifiableList(items);
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return integer(parser);
            case VALUE_NUMBER_FLOAT:
                return decimal(parser);
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonException("unexpected token " + parser.currentToken());
        }
    }

    /** As jackson-jr reads an integer: the smallest of Integer, Long, BigInteger that holds it. */
    private static Object integer(JsonParser parser) throws IOException {
        switch (parser.getNumberType()) {
            case INT:
                return parser.getIntValue();
            case LONG:
                return parser.getLongValue();
            default:
                return parser.getBigIntegerValue();
        }
    }

    /** As jackson-jr reads a number with a fraction or an exponent (without its big-decimal feature). */
    private static Object decimal(JsonParser parser) throws IOException {
        switch (parser.getNumberType()) {
            case FLOAT:
                return parser.getFloatValue();
            case DOUBLE:
                return parser.getDoubleValue();
            default:
                return parser.getDecimalValue();
        }
    }

    /**
     * A JSON object that cannot be changed: members in document order in two arrays, found by a
     * linear search up to {@value #LINEAR} members (a token's objects have a dozen or two; the parser
     * interns their names, so a lookup by a constant name compares references) and through an index
     * past that, so that neither the duplicate check nor a lookup is quadratic in a hostile object.
     */
    private static final class ReadOnlyObject extends AbstractMap<String, Object> {
        private static final int LINEAR = 16;
        private String[] names = new String[8];
        private Object[] values = new Object[8];
        private int size;
        private Map<String, Integer> index;

        void add(String name, Object value) {
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size] = value;
            size++;
            if (index != null) {
                index.put(name, size - 1);
            } else if (size == LINEAR) {
                index = new HashMap<>();
                for (int i = 0; i < size; i++) {
                    index.put(names[i], i);
                }
            }
        }

        private int indexOf(Object name) {
            if (index != null) {
                Integer i = index.get(name);
                return i == null ? -1 : i;
            }
            for (int i = 0; i < size; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public Object get(Object name) {
            int i = indexOf(name);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object name) {
            return indexOf(name) >= 0;
        }

        @Override
        public int size() {
            return size;
        }

        /** The names in document order, without an entry per member (claim checks iterate them). */
        @Override
        public Set<String> keySet() {
            return inOrder(i -> names[i]);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return inOrder(i -> new SimpleImmutableEntry<>(names[i], values[i]));
        }

        /** A read-only view of the members in document order, each as {@code member} makes it from its position. */
        private <T> Set<T> inOrder(IntFunction<T> member) {
            return new AbstractSet<>() {
                @Override
                public Iterator<T> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        public T next() {
                            if (next >= size) {
                                throw new NoSuchElementException();
                            }
                            return member.apply(next++);
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
    }
}
