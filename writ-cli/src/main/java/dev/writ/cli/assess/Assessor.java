package dev.writ.cli.assess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a template's functions, their guards and event sources, and grades them (docs/maturity.md). */
final class Assessor {
    private Assessor() {
    }

    /**
     * @param deployed what a deployed stack's functions really run with, by logical id (empty for a file)
     * @param excluded logical ids left out of the stack's grade (still reported)
     * @throws TemplateException when the template has no function
     */
    static Assessment assess(Template template, boolean file, Map<String, DeployedFunction> deployed, Set<String> excluded) {
        for (String id : excluded) {
            if (template.resource(id).isEmpty()) {
                throw new TemplateException("--exclude " + id + ": no such resource in " + template.location());
            }
        }
        List<LambdaFunction> functions = Functions.read(template, deployed);
        if (functions.isEmpty()) {
            throw new TemplateException(template.location() + ": no function (AWS::Serverless::Function or AWS::Lambda::Function) to assess");
        }
        Map<String, LambdaFunction> byId = new LinkedHashMap<>();
        functions.forEach(f -> byId.put(f.logicalId(), f));
        Refs refs = new Refs(template);
        Authorizers authorizers = new Authorizers(refs, byId);
        Map<String, List<EventSource>> sources = sources(refs, authorizers, byId);
        GuardDetector guards = new GuardDetector(refs);
        Grader grader = new Grader(refs, byId, sources);

        List<FunctionReport> reports = new ArrayList<>();
        for (LambdaFunction f : functions) {
            Governance g = guards.detect(f);
            String role = role(f);
            List<PathReport> paths = sources.get(f.logicalId()).stream().map(s -> PathReport.of(s, g.guarded(), !role.equals("application"))).toList();
            reports.add(new FunctionReport(f, role, excluded.contains(f.logicalId()), g, paths,
                    grader.table(f, WritNames.LINEAGE_TABLE).map(Resource::logicalId).orElse(null),
                    grader.table(f, WritNames.REPLAY_TABLE).map(Resource::logicalId).orElse(null),
                    role.equals("application") ? grader.grade(f, g, paths) : List.of()));
        }
        List<Assessment.NotAssessed> notAssessed = template.resources().stream().filter(r -> !ResourceTypes.assessed(r.type()))
                .map(r -> new Assessment.NotAssessed(r, excluded.contains(r.logicalId()))).toList();
        List<Authorizer> seen = new ArrayList<>();
        reports.forEach(r -> r.paths().stream().map(p -> p.source().authorizer())
                .filter(a -> a != null && seen.stream().noneMatch(s -> s.name().equals(a.name()) && s.api().equals(a.api()))).forEach(seen::add));
        return new Assessment(template.location(), file, reports, notAssessed, grader.gradeStack(reports, notAssessed),
                grader.lineageTables(reports), grader.keys(), seen, ExchangeInvokeGrants.find(refs, functions));
    }

    private static Map<String, List<EventSource>> sources(Refs refs, Authorizers authorizers, Map<String, LambdaFunction> functions) {
        Map<String, List<EventSource>> out = new LinkedHashMap<>();
        functions.keySet().forEach(id -> out.put(id, new ArrayList<>()));
        SamEvents sam = new SamEvents(refs, authorizers);
        functions.values().stream().filter(f -> f.resource().type().equals(Functions.SAM_FUNCTION))
                .forEach(f -> out.get(f.logicalId()).addAll(sam.of(f.resource())));
        new OpenApiSources(refs, authorizers).read((id, s) -> out.get(id).add(s));
        new CfnSources(refs, authorizers).read((id, s) -> out.get(id).add(s), out);
        return out;
    }

    /** Writ's own functions, by handler class: the governance plane, not graded. */
    static String role(LambdaFunction f) {
        String cls = WritNames.handlerClass(f.handler());
        if (cls == null) {
            return "application";
        }
        if (cls.startsWith(WritNames.AUTHORIZER_PACKAGE)) {
            return "authorizer";
        }
        if (cls.startsWith(WritNames.STREAM_VERIFIER_PACKAGE)) {
            return "stream-verifier";
        }
        return cls.startsWith(WritNames.CHECKPOINT_PACKAGE) ? "checkpoint-signer" : "application";
    }
}
