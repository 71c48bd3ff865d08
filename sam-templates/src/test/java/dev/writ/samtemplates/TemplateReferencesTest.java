package dev.writ.samtemplates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code Ref}, {@code GetAtt}, {@code Sub} variable and {@code If} condition of every template
 * names something the template declares (a parameter, resource, condition, pseudo parameter, or
 * the {@code .Alias}/{@code .Version} SAM adds to a function with {@code AutoPublishAlias}).
 * cfn-lint 1.x validates SAM resources against SAM's schema without running the transform, so a
 * dangling reference inside, say, an event source passes it; this finds one.
 */
class TemplateReferencesTest {
    private static final Set<String> PSEUDO = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");
    /** ${Name} or ${Name.Attribute} in a Sub string; ${!Literal} is not a variable. */
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(?!!)([^}]+)}");

    @Test
    void everyReferenceNamesSomethingTheTemplateDeclares() throws IOException {
        List<String> dangling = new ArrayList<>();
        for (CfnTemplate template : CfnTemplate.all()) {
            Names names = new Names(template);
            walk(template.root, names, template.name(), dangling);
        }
        assertThat(dangling).isEmpty();
    }

    @Test
    void findsADanglingReference() throws IOException {
        CfnTemplate template = CfnTemplate.load(CfnTemplate.directory().resolve("template.yaml"));
        List<String> dangling = new ArrayList<>();
        Map<String, Object> broken = Map.of("Value", Map.of("Fn::Sub", "${PaymentsRestApix}/${StageName}"),
                "Other", Map.of("Ref", "AuthorizerRestFunctio.Alias"), "Cond", Map.of("Fn::If", List.of("Nope", 1, 2)));

        walk(broken, new Names(template), "test", dangling);

        assertThat(dangling).hasSize(3);
    }

    private static void walk(Object node, Names names, String where, List<String> dangling) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                check(String.valueOf(only.getKey()), only.getValue(), names, where, dangling);
            }
            map.values().forEach(v -> walk(v, names, where, dangling));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> walk(v, names, where, dangling));
        }
    }

    private static void check(String function, Object argument, Names names, String where, List<String> dangling) {
        switch (function) {
            case "Ref" -> {
                if (!names.referable(String.valueOf(argument))) {
                    dangling.add(where + ": Ref " + argument);
                }
            }
            case "Fn::GetAtt" -> {
                Object resource = argument instanceof List<?> l && !l.isEmpty() ? l.get(0) : argument;
                if (!names.declared(String.valueOf(resource))) {
                    dangling.add(where + ": GetAtt " + argument);
                }
            }
            case "Fn::Sub" -> {
                Object text = argument instanceof List<?> l && !l.isEmpty() ? l.get(0) : argument;
                Set<String> local = new HashSet<>();
                if (argument instanceof List<?> l && l.size() > 1 && l.get(1) instanceof Map<?, ?> vars) {
                    vars.keySet().forEach(k -> local.add(String.valueOf(k)));
                }
                Matcher m = SUB_VARIABLE.matcher(String.valueOf(text));
                while (m.find()) {
                    String variable = m.group(1);
                    String head = variable.contains(".") && !variable.startsWith("AWS::")
                            ? variable.substring(0, variable.indexOf('.')) : variable;
                    if (!local.contains(variable) && !names.referable(variable) && !names.declared(head)) {
                        dangling.add(where + ": Sub ${" + variable + "}");
                    }
                }
            }
            case "Fn::If" -> {
                Object condition = argument instanceof List<?> l && !l.isEmpty() ? l.get(0) : null;
                if (!names.conditions.contains(String.valueOf(condition))) {
                    dangling.add(where + ": If " + condition);
                }
            }
            case "Condition" -> {
                if (argument instanceof String c && !names.conditions.contains(c)) {
                    dangling.add(where + ": Condition " + c);
                }
            }
            default -> {
                // not a reference
            }
        }
    }

    /** What a template lets its references name. */
    private static final class Names {
        final Set<String> parameters;
        final Set<String> resources;
        final Set<String> conditions;
        final Set<String> aliased = new HashSet<>();
        /** {@code <function>Url}: the function URL SAM makes for a function with {@code FunctionUrlConfig}. */
        final Set<String> functionUrls = new HashSet<>();

        Names(CfnTemplate template) {
            parameters = template.section("Parameters").keySet();
            resources = template.resources().keySet();
            conditions = template.section("Conditions").keySet();
            template.resourcesOfType("AWS::Serverless::Function").forEach((id, fn) -> {
                if (template.functionProperty(fn, "AutoPublishAlias") != null) {
                    aliased.add(id);
                }
                if (template.functionProperty(fn, "FunctionUrlConfig") != null) {
                    functionUrls.add(id + "Url");
                }
            });
        }

        /** A resource of the template, or one SAM makes for it. */
        boolean declared(String resource) {
            return resources.contains(resource) || functionUrls.contains(resource);
        }

        boolean referable(String name) {
            if (PSEUDO.contains(name) || parameters.contains(name) || declared(name)) {
                return true;
            }
            int dot = name.lastIndexOf('.');
            return dot > 0 && aliased.contains(name.substring(0, dot))
                    && Set.of("Alias", "Version").contains(name.substring(dot + 1));
        }
    }
}
