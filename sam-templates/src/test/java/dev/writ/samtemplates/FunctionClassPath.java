package dev.writ.samtemplates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The class path Lambda gives a SAM function of a template: the jar its {@code CodeUri} names, then
 * the {@code java/lib/*.jar} of each layer in {@code Layers} (a {@code !Ref} to an
 * {@code AWS::Serverless::LayerVersion} of the same template whose {@code ContentUri} is a zip).
 * Paths are relative to the template, as SAM reads them; a missing artifact is an
 * {@link IllegalStateException} that says which module to build.
 */
final class FunctionClassPath {
    private static final String LAYER_LIB = "java/lib/";

    private FunctionClassPath() {
    }

    static List<Path> of(CfnTemplate template, String functionId, Map<String, Object> function, Path scratch)
            throws IOException {
        List<Path> classPath = new ArrayList<>();
        classPath.add(artifact(template, functionId, "CodeUri", template.functionProperty(function, "CodeUri")));
        for (Object layer : CfnTemplate.list(template.functionProperty(function, "Layers"))) {
            Object ref = layer instanceof Map ? ((Map<?, ?>) layer).get("Ref") : null;
            Map<String, Map<String, Object>> layers = template.resourcesOfType("AWS::Serverless::LayerVersion");
            if (!(ref instanceof String) || !layers.containsKey(ref)) {
                throw new IllegalStateException(functionId + " (" + template.name() + "): layer " + layer
                        + " is not a !Ref to an AWS::Serverless::LayerVersion of the same template");
            }
            Path zip = artifact(template, (String) ref, "ContentUri", layers.get(ref).get("ContentUri"));
            classPath.addAll(layerJars(zip, scratch.resolve((String) ref)));
        }
        return classPath;
    }

    private static Path artifact(CfnTemplate template, String id, String property, Object uri) {
        if (!(uri instanceof String)) {
            throw new IllegalStateException(id + " (" + template.name() + "): " + property + " " + uri
                    + " is not a local path to a built artifact");
        }
        Path path = template.file.getParent().resolve((String) uri).normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(id + " (" + template.name() + "): " + property + " " + uri + " ("
                    + path + ") does not exist. Build the module that makes it first (mvn -B package from the"
                    + " repository root); a module that is not part of this build yet fails here until it is.");
        }
        return path;
    }

    /** Extracts the layer's java/lib jars, as Lambda unpacks a layer under /opt. */
    private static List<Path> layerJars(Path zip, Path into) throws IOException {
        List<Path> jars = new ArrayList<>();
        Files.createDirectories(into);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                String name = e.getName();
                if (!e.isDirectory() && name.startsWith(LAYER_LIB) && name.endsWith(".jar")
                        && name.indexOf('/', LAYER_LIB.length()) < 0) {
                    Path jar = into.resolve(name.substring(LAYER_LIB.length()));
                    Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
                    jars.add(jar);
                }
            }
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException(zip + " has no java/lib/*.jar: not a Java layer");
        }
        return jars;
    }
}
