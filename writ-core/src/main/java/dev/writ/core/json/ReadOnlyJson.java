package dev.writ.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

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

    /** The object starting at the parser's current {@code START_OBJECT}; leaves the parser on its {@code END_OBJECT}. */
    static Map<String, Object> object(JsonParser parser) throws IOException {
        ReadOnlyObject object = new ReadOnlyObject();
        while (parser.nextValue() != JsonToken.END_OBJECT) {
            object.add(parser.currentName(), value(parser));
        }
        return object;
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
     * linear search (a token's objects have a few dozen members at most; the parser interns their
     * names, so a lookup by a constant name compares references). The parser has already refused
     * duplicate names.
     */
    private static final class ReadOnlyObject extends AbstractMap<String, Object> {
        private String[] names = new String[8];
        private Object[] values = new Object[8];
        private int size;

        void add(String name, Object value) {
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size] = value;
            size++;
        }

        private int indexOf(Object name) {
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

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (next >= size) {
                                throw new NoSuchElementException();
                            }
                            Entry<String, Object> entry = new SimpleImmutableEntry<>(names[next], values[next]);
                            next++;
                            return entry;
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
