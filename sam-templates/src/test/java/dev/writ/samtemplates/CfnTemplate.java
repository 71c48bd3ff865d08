package dev.writ.samtemplates;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A CloudFormation/SAM template parsed into plain maps and lists. The short intrinsic tags
 * ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub ...}) become their long JSON forms
 * ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt": ["A", "B"]}}, {@code {"Fn::Sub": ...}}), as
 * CloudFormation itself reads them.
 */
final class CfnTemplate {
    /** Where the templates live: the sam-templates module directory (set by the pom). */
    static final String DIR_PROPERTY = "writ.templates.dir";

    final Path file;
    final Map<String, Object> root;

    private CfnTemplate(Path file, Map<String, Object> root) {
        this.file = file;
        this.root = root;
    }

    static Path directory() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null) {
            throw new IllegalStateException("system property " + DIR_PROPERTY + " is not set (the sam-templates pom sets it)");
        }
        return Path.of(dir);
    }

    /** Every template of the module: the *.yaml and *.yml files directly in it. */
    static List<CfnTemplate> all() throws IOException {
        List<CfnTemplate> templates = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory(), "*.{yaml,yml}")) {
            for (Path f : files) {
                templates.add(load(f));
            }
        }
        if (templates.isEmpty()) {
            throw new IllegalStateException("no *.yaml template in " + directory());
        }
        templates.sort((a, b) -> a.file.compareTo(b.file));
        return templates;
    }

    static CfnTemplate load(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object root = new Yaml(new IntrinsicConstructor(new LoaderOptions())).load(in);
            if (!(root instanceof Map)) {
                throw new IllegalStateException(file + " is not a YAML mapping");
            }
            return new CfnTemplate(file, map(root));
        }
    }

    String name() {
        return file.getFileName().toString();
    }

    Map<String, Object> resources() {
        return map(root.getOrDefault("Resources", Map.of()));
    }

    Map<String, Object> section(String name) {
        return map(root.getOrDefault(name, Map.of()));
    }

    /** Logical id → properties of every resource of this type, in template order. */
    Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources().forEach((id, r) -> {
            Map<String, Object> resource = map(r);
            if (type.equals(resource.get("Type"))) {
                found.put(id, map(resource.getOrDefault("Properties", Map.of())));
            }
        });
        return found;
    }

    /** A property of a SAM function, falling back to {@code Globals.Function} as SAM does. */
    Object functionProperty(Map<String, Object> properties, String name) {
        Object own = properties.get(name);
        return own != null ? own : map(section("Globals").getOrDefault("Function", Map.of())).get(name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (!(o instanceof Map)) {
            throw new IllegalStateException("expected a mapping, found " + o);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        if (o == null) {
            return Collections.emptyList();
        }
        if (!(o instanceof List)) {
            throw new IllegalStateException("expected a list, found " + o);
        }
        return (List<Object>) o;
    }

    /** Safe construction plus CloudFormation's short intrinsic-function tags. */
    private static final class IntrinsicConstructor extends SafeConstructor {
        private static final List<String> FUNCTIONS = List.of("And", "Base64", "Cidr", "Equals", "FindInMap",
                "GetAZs", "If", "ImportValue", "Join", "Not", "Or", "Select", "Split", "Sub", "Transform",
                "ToJsonString", "Length");

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            yamlConstructors.put(new Tag("!GetAtt"), new Intrinsic("Fn::GetAtt"));
            for (String fn : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + fn), new Intrinsic("Fn::" + fn));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode) {
                    String text = constructScalar((ScalarNode) node);
                    // !GetAtt Resource.Attribute is the short form of ["Resource", "Attribute"].
                    value = key.equals("Fn::GetAtt") && text.contains(".")
                            ? List.of(text.substring(0, text.indexOf('.')), text.substring(text.indexOf('.') + 1))
                            : text;
                } else if (node instanceof SequenceNode) {
                    value = constructSequence((SequenceNode) node);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(key, value);
            }
        }
    }
}
