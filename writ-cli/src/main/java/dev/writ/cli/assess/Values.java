package dev.writ.cli.assess;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading template values without guessing: a literal is a literal, anything computed is not. */
final class Values {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private Values() {
    }

    /** The literal string, or null for anything computed or absent. */
    static String string(Object v) {
        return v instanceof String s ? s : null;
    }

    /** True only for a literal true. */
    static boolean isTrue(Object v) {
        return v instanceof String s && s.strip().toLowerCase(Locale.ROOT).equals("true");
    }

    /** The literal integer, or empty. */
    static OptionalLong number(Object v) {
        if (v instanceof String s) {
            try {
                return OptionalLong.of(Long.parseLong(s.strip()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    static Mapping mapping(Object v) {
        return v instanceof Mapping m ? m : new Mapping(0);
    }

    /** A sequence's items; a single value as one item; nothing as none. */
    static List<Object> list(Object v) {
        if (v instanceof Sequence s) {
            return s;
        }
        return v == null ? List.of() : List.of(v);
    }

    /** The line of a value read from a template, or {@code fallback}. */
    static int line(Object v, int fallback) {
        int line = v instanceof Mapping m ? m.line() : v instanceof Sequence s ? s.line() : 0;
        return line > 0 ? line : fallback;
    }

    /**
     * Every logical id (or parameter) a value refers to: {@code Ref X}, {@code Ref X.Alias} (SAM),
     * {@code Fn::GetAtt [X, ...]} and {@code ${X}} / {@code ${X.Attr}} in {@code Fn::Sub}, at any depth.
     * Pseudo parameters ({@code AWS::...}) are left out.
     */
    static Set<String> references(Object v) {
        Set<String> out = new LinkedHashSet<>();
        collect(v, out);
        return out;
    }

    /** Whether a value depends on a condition ({@code Fn::If}) anywhere: not one fixed value. */
    static boolean conditional(Object v) {
        if (v instanceof Fn f) {
            return f.name().equals(Fn.IF) || conditional(f.arg());
        }
        if (v instanceof Map<?, ?> m) {
            return m.values().stream().anyMatch(Values::conditional);
        }
        return v instanceof List<?> l && l.stream().anyMatch(Values::conditional);
    }

    private static void collect(Object v, Set<String> out) {
        if (v instanceof Fn f) {
            switch (f.name()) {
                case Fn.REF -> add(string(f.arg()), out);
                case Fn.GET_ATT -> add(string(list(f.arg()).isEmpty() ? null : list(f.arg()).get(0)), out);
                case Fn.SUB -> sub(f.arg(), out);
                default -> collect(f.arg(), out);
            }
        } else if (v instanceof Map<?, ?> m) {
            m.values().forEach(x -> collect(x, out));
        } else if (v instanceof List<?> l) {
            l.forEach(x -> collect(x, out));
        }
    }

    private static void sub(Object arg, Set<String> out) {
        String text;
        Set<String> local = Set.of();
        if (arg instanceof List<?> l && !l.isEmpty()) {
            text = string(l.get(0));
            if (l.size() > 1 && l.get(1) instanceof Mapping vars) {
                local = vars.keySet();
                collect(vars, out);
            }
        } else {
            text = string(arg);
        }
        if (text == null) {
            return;
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        while (m.find()) {
            if (!local.contains(m.group(1))) {
                add(m.group(1), out);
            }
        }
    }

    private static void add(String name, Set<String> out) {
        if (name == null || name.startsWith("AWS::")) {
            return;
        }
        int dot = name.indexOf('.');
        out.add(dot > 0 ? name.substring(0, dot) : name);
    }
}
