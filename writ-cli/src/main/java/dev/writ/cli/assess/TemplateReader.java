package dev.writ.cli.assess;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation or SAM template, YAML (with the short tags {@code !Ref}, {@code !GetAtt}
 * ...) or JSON ({@link JsonTemplateReader}), into {@link Mapping}s, {@link Sequence}s, strings and
 * {@link Fn}s, keeping the line of every key. Built on SnakeYAML's node API, which gives lines and
 * leaves tags alone. Refused as CloudFormation refuses them: duplicate keys (a reader that keeps the
 * first {@code Handler} and a deployer that keeps the last would disagree), anchors and aliases,
 * more than one document.
 */
final class TemplateReader {
    private static final Set<String> BOOLEAN_TRUE = Set.of("true", "yes", "on", "y");

    private TemplateReader() {
    }

    /** The template's top-level mapping; {@code name} is only used in messages. */
    static Mapping read(String text, String name) {
        Node root;
        try {
            if (text.stripLeading().startsWith("{")) {
                return JsonTemplateReader.read(text, name);
            }
            root = new Yaml(new LoaderOptions()).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new TemplateException(name + ": not a YAML or JSON template: " + e.getProblem()
                    + " (line " + (e.getProblemMark() == null ? "?" : e.getProblemMark().getLine() + 1) + ")");
        } catch (YAMLException e) {
            throw new TemplateException(name + ": not a YAML or JSON template: " + e.getMessage());
        }
        if (root == null) {
            throw new TemplateException(name + ": empty template");
        }
        Object value = new Converter(name).convert(root);
        if (!(value instanceof Mapping m)) {
            throw new TemplateException(name + ": a template is a mapping at the top, not " + describe(value));
        }
        return m;
    }

    static String describe(Object value) {
        if (value instanceof Mapping) {
            return "a mapping";
        }
        if (value instanceof Sequence) {
            return "a list";
        }
        if (value instanceof Fn f) {
            return "an intrinsic function " + f.name();
        }
        return value == null ? "nothing" : "the scalar '" + value + "'";
    }

    /** A mapping of one key {@code Ref} or {@code Fn::*} is that intrinsic function in its long form. */
    static Object intrinsic(Mapping m) {
        if (m.size() == 1) {
            Map.Entry<String, Object> only = m.entrySet().iterator().next();
            if (only.getKey().equals(Fn.REF) || only.getKey().startsWith("Fn::")) {
                return Converter.longForm(only.getKey(), only.getValue());
            }
        }
        return m;
    }

    private static final class Converter {
        private final String name;
        private final Set<Node> seen = new HashSet<>();

        Converter(String name) {
            this.name = name;
        }

        Object convert(Node node) {
            if (node.getAnchor() != null || !seen.add(node)) {
                throw new TemplateException(name + ": line " + line(node) + ": YAML anchors and aliases are not allowed in templates");
            }
            Object value;
            if (node instanceof ScalarNode s) {
                value = scalar(s);
            } else if (node instanceof SequenceNode s) {
                value = sequence(s);
            } else if (node instanceof MappingNode m) {
                value = mapping(m);
            } else {
                throw new TemplateException(name + ": line " + line(node) + ": unexpected YAML node");
            }
            String tag = node.getTag().getValue();
            if (tag.startsWith("!")) {
                return shortForm(tag.substring(1), value, node);
            }
            return value;
        }

        private Object scalar(ScalarNode node) {
            Tag tag = node.getTag();
            if (Tag.NULL.equals(tag)) {
                return null;
            }
            if (Tag.BOOL.equals(tag)) {
                return Boolean.toString(BOOLEAN_TRUE.contains(node.getValue().toLowerCase(java.util.Locale.ROOT)));
            }
            return node.getValue();
        }

        private Sequence sequence(SequenceNode node) {
            Sequence s = new Sequence(line(node));
            node.getValue().forEach(n -> s.add(convert(n)));
            return s;
        }

        private Object mapping(MappingNode node) {
            Mapping m = new Mapping(line(node));
            for (NodeTuple t : node.getValue()) {
                Object key = convert(t.getKeyNode());
                if (!(key instanceof String k)) {
                    throw new TemplateException(name + ": line " + line(t.getKeyNode()) + ": a key must be a string, not " + describe(key));
                }
                if (m.containsKey(k)) {
                    throw new TemplateException(name + ": line " + line(t.getKeyNode()) + ": duplicate key '" + k + "'");
                }
                m.put(k, convert(t.getValueNode()), line(t.getKeyNode()));
            }
            return intrinsic(m);
        }

        /** {@code !GetAtt A.B} is {@code Fn::GetAtt: [A, B]}; every other short tag is its long form. */
        private Object shortForm(String tag, Object value, Node node) {
            if (tag.equals(Fn.REF)) {
                return new Fn(Fn.REF, value);
            }
            if (tag.equals("Condition")) {
                return new Fn("Condition", value);
            }
            if (tag.equals("GetAtt") && value instanceof String s) {
                int dot = s.indexOf('.');
                if (dot <= 0 || dot == s.length() - 1) {
                    throw new TemplateException(name + ": line " + line(node) + ": !GetAtt needs Resource.Attribute, not '" + s + "'");
                }
                Sequence pair = new Sequence(line(node));
                pair.add(s.substring(0, dot));
                pair.add(s.substring(dot + 1));
                return new Fn(Fn.GET_ATT, pair);
            }
            return new Fn("Fn::" + tag, value);
        }

        static Object longForm(String fn, Object value) {
            if (fn.equals(Fn.GET_ATT) && value instanceof String s && s.indexOf('.') > 0) {
                Sequence pair = new Sequence(0);
                pair.add(s.substring(0, s.indexOf('.')));
                pair.add(s.substring(s.indexOf('.') + 1));
                return new Fn(fn, pair);
            }
            return new Fn(fn, value);
        }

        private static int line(Node node) {
            return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        }
    }
}
