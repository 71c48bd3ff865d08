package dev.writ.cli.assess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The evidence of each maturity level, as docs/maturity.md defines them. A level is reached only when
 * every piece of its evidence (and of the levels below) is in the template: nothing is assumed.
 */
final class Grader {
    private static final Set<String> TABLE = Set.of("AWS::DynamoDB::Table");
    private static final Set<String> KEY = Set.of("AWS::KMS::Key");
    static final String NO_EVIDENCE_GRADE_LINEAGE = "evidence-grade lineage (Merkle checkpoints with inclusion proofs, independent"
            + " witness cosignatures, write-once checkpoint copies): Writ does not produce it yet, so no template can show it";

    private final Refs refs;
    private final Map<String, LambdaFunction> functions;
    private final Map<String, List<EventSource>> sources;
    private final IamDenies denies;

    Grader(Refs refs, Map<String, LambdaFunction> functions, Map<String, List<EventSource>> sources) {
        this.refs = refs;
        this.functions = functions;
        this.sources = sources;
        this.denies = new IamDenies(refs);
    }

    /** The table a variable of the function names, when it is a table of the template (or of the deployed stack). */
    Optional<Resource> table(LambdaFunction f, WritNames.Variable variable) {
        Object v = f.value(variable);
        return v == null ? Optional.empty() : refs.resource(v, TABLE);
    }

    List<LevelReport> grade(LambdaFunction f, Governance g, List<PathReport> paths) {
        Optional<Resource> lineage = table(f, WritNames.LINEAGE_TABLE);
        return LevelReport.grade(List.of(authorized(f, g, paths), enforced(f, g), governed(f, paths, lineage),
                verified(lineage), List.of(Check.missing(NO_EVIDENCE_GRADE_LINEAGE, f.resource().line()))));
    }

    private static List<Check> authorized(LambdaFunction f, Governance g, List<PathReport> paths) {
        int line = f.resource().line();
        if (g.guarded()) {
            return List.of(Check.found("guarded (" + g.mode().text() + "): it runs only on a verified writ, minted by an authorization decision", line));
        }
        if (paths.isEmpty()) {
            return List.of(Check.missing("not guarded and no event source passes Writ's authorizer: nothing shows a decision before it runs", line));
        }
        List<Check> out = new ArrayList<>();
        for (PathReport p : paths) {
            out.add(p.status() == PathReport.Status.AUTHORIZED_UNENFORCED
                    ? Check.found(p.source().description() + ": decided by Writ's authorizer before it runs", p.source().line())
                    : Check.missing(p.source().description() + ": " + p.status().meaning(), p.source().line()));
        }
        return out;
    }

    private static List<Check> enforced(LambdaFunction f, Governance g) {
        int line = f.handlerLine();
        if (!g.guarded()) {
            return List.of(Check.missing("not guarded (" + g.evidence() + "): any caller allowed to invoke it (an IAM principal, another"
                    + " trigger) runs it without a writ", line));
        }
        List<Check> out = new ArrayList<>();
        out.add(Check.found(g.mode().text() + ": " + g.evidence(), line));
        out.add(f.setName(WritNames.TRUSTED_ISSUERS).map(v -> Check.found("trusted issuers set (" + v + ")", f.environment().lineOf(v)))
                .orElse(Check.missing("no trusted issuer (" + WritNames.TRUSTED_ISSUERS.primary() + "): the guard refuses to start", line)));
        out.add(f.setName(WritNames.TRUSTED_KMS_KEYS).or(() -> f.setName(WritNames.TRUSTED_JWKS))
                .map(v -> Check.found("trusted keys set (" + v + ")", f.environment().lineOf(v)))
                .orElse(Check.missing("no trusted key (" + WritNames.TRUSTED_KMS_KEYS.primary() + "): the guard refuses to start", line)));
        return out;
    }

    private List<Check> governed(LambdaFunction f, List<PathReport> paths, Optional<Resource> lineage) {
        int line = f.resource().line();
        List<Check> out = new ArrayList<>();
        if (lineage.isPresent()) {
            out.add(Check.found("lineage: every invocation recorded in table " + lineage.get().logicalId() + " ("
                    + f.setName(WritNames.LINEAGE_TABLE).orElseThrow() + ")", f.lineOf(WritNames.LINEAGE_TABLE)));
            out.addAll(protections(lineage.get(), List.of(f)));
        } else {
            String name = WritNames.LINEAGE_TABLE.primary();
            boolean conditional = WritNames.LINEAGE_TABLE.names().stream().anyMatch(n -> Values.conditional(f.environment().get(n)));
            out.add(Check.missing(conditional ? name + " depends on a condition (Fn::If): not evidence"
                    : f.setName(WritNames.LINEAGE_TABLE).isPresent() ? name + " names a table outside this template: its protections cannot be seen"
                    : name + " not set: no lineage record of its invocations", line));
        }
        out.add(trustedKey(f));
        out.add(table(f, WritNames.REPLAY_TABLE)
                .map(t -> Check.found("single-use writs consumed in table " + t.logicalId() + " (" + f.setName(WritNames.REPLAY_TABLE).orElseThrow() + ")",
                        f.lineOf(WritNames.REPLAY_TABLE)))
                .orElse(Check.missing(WritNames.REPLAY_TABLE.primary() + " does not name a table of this template: single-use writs cannot be enforced", line)));
        window(f, WritNames.CLOCK_SKEW, WritNames.DEFAULT_CLOCK_SKEW_SECONDS, "writs accepted up to that long after they expire")
                .ifPresent(out::add);
        window(f, WritNames.MAX_LIFETIME, WritNames.DEFAULT_MAX_LIFETIME_SECONDS, "writs accepted with a lifetime up to that long")
                .ifPresent(out::add);
        out.add(f.setName(WritNames.MIN_BUNDLE_REVISION)
                .map(v -> Check.found("revoked policy bundles refused (" + v + ")", f.environment().lineOf(v)))
                .orElse(Check.missing(WritNames.MIN_BUNDLE_REVISION.primary() + " not set: writs from a revoked policy bundle are accepted", line)));
        paths.stream().map(p -> p.source().authorizer()).filter(a -> a != null && a.writ()).distinct().forEach(a -> out.add(a.cachingOff()
                ? Check.found("authorizer " + a.name() + " does not cache (" + a.ttlSetting() + ")", a.line())
                : Check.missing("authorizer " + a.name() + " may cache (" + a.ttlSetting() + "): a cached writ can answer a request it was"
                        + " not minted for; only a TTL of 0 shows it cannot", a.line())));
        return out;
    }

    /**
     * A guard's time window set above its default (or to a value the template cannot show) is missing
     * evidence; unset, nothing. A template parameter is judged by its default: what a deployment
     * that does not override it gets (--stack reads the deployed value).
     */
    private Optional<Check> window(LambdaFunction f, WritNames.Variable v, long defaultSeconds, String meaning) {
        Optional<String> name = f.setName(v);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Object value = f.variableValue(name.get());
        OptionalLong seconds = Values.number(value);
        String what = seconds.isPresent() ? seconds.getAsLong() + " s" : "not a literal number";
        if (value instanceof Fn fn && fn.name().equals(Fn.REF) && fn.arg() instanceof String p && refs.template().isParameter(p)) {
            seconds = Values.number(refs.template().parameter(p).get("Default"));
            what = "parameter " + p + (seconds.isPresent() ? " (default " + seconds.getAsLong() + " s)" : " (no literal default)");
        }
        int line = f.environment().lineOf(name.get());
        if (seconds.isPresent() && seconds.getAsLong() <= defaultSeconds) {
            return Optional.of(Check.found(name.get() + " " + what + ", within the guard's default " + defaultSeconds + " s", line));
        }
        return Optional.of(Check.missing(name.get() + " " + what + ", above the guard's default " + defaultSeconds + " s: " + meaning, line));
    }

    private Check trustedKey(LambdaFunction f) {
        int line = f.resource().line();
        List<Assessment.KeyReport> keys = keysIn(f.value(WritNames.TRUSTED_KMS_KEYS));
        Optional<String> jwks = f.setName(WritNames.TRUSTED_JWKS);
        if (jwks.isPresent()) {
            // The guard trusts the file's keys as well as the KMS keys: the KMS key alone proves nothing.
            return Check.missing("trusts a local JWKS file (" + jwks.get() + ")" + (keys.isEmpty() ? "" : " beside KMS key "
                    + keys.stream().map(k -> k.key().logicalId()).collect(Collectors.joining(", "))) + ": development keys, not a key the"
                    + " stack protects; whoever holds the file's private key mints writs the guard accepts", f.environment().lineOf(jwks.get()));
        }
        if (!keys.isEmpty() && keys.stream().allMatch(Assessment.KeyReport::signs)) {
            return Check.found("writs verified against KMS key " + keys.stream().map(k -> k.key().logicalId() + " (" + k.keySpec() + ")")
                    .collect(Collectors.joining(", ")), keys.get(0).key().line());
        }
        if (!keys.isEmpty()) {
            return Check.missing("trusted KMS key " + keys.stream().map(k -> k.key().logicalId() + " (" + k.keySpec() + ", " + k.keyUsage() + ")")
                    .collect(Collectors.joining(", ")) + " is not an asymmetric signing key the guard can verify", keys.get(0).key().line());
        }
        return Check.missing("its trusted keys are not KMS keys of this template: their key spec cannot be seen", line);
    }

    private List<Assessment.KeyReport> keysIn(Object value) {
        List<Resource> found = new ArrayList<>();
        if (value instanceof String literal) {
            for (String part : literal.split(",")) {
                refs.resource(part.strip(), KEY).ifPresent(found::add);
            }
        } else if (value != null) {
            Values.references(value).forEach(id -> refs.template().resource(id).filter(r -> KEY.contains(r.type())).ifPresent(found::add));
        }
        return found.stream().map(Grader::key).toList();
    }

    /** PITR, deletion protection, retained on delete and replace, append-only for the given writers. */
    List<Check> protections(Resource t, List<LambdaFunction> writers) {
        List<Check> out = new ArrayList<>();
        Mapping pitr = Values.mapping(t.property("PointInTimeRecoverySpecification"));
        out.add(Values.isTrue(pitr.get("PointInTimeRecoveryEnabled"))
                ? Check.found(t.logicalId() + ": point-in-time recovery", t.lineOf("PointInTimeRecoverySpecification"))
                : Check.missing(t.logicalId() + ": no point-in-time recovery (PointInTimeRecoverySpecification)", t.line()));
        out.add(Values.isTrue(t.property("DeletionProtectionEnabled"))
                ? Check.found(t.logicalId() + ": deletion protection", t.lineOf("DeletionProtectionEnabled"))
                : Check.missing(t.logicalId() + ": no deletion protection (DeletionProtectionEnabled: true)", t.line()));
        boolean retained = "Retain".equals(Values.string(t.declaration().get("DeletionPolicy")))
                && "Retain".equals(Values.string(t.declaration().get("UpdateReplacePolicy")));
        out.add(retained ? Check.found(t.logicalId() + ": DeletionPolicy and UpdateReplacePolicy Retain", t.declaration().lineOf("DeletionPolicy"))
                : Check.missing(t.logicalId() + ": not retained (DeletionPolicy and UpdateReplacePolicy: Retain): deleting or replacing the stack drops the lineage", t.line()));
        out.add(appendOnly(t, writers));
        return out;
    }

    private Check appendOnly(Resource t, List<LambdaFunction> writers) {
        Optional<String> policy = denies.inResourcePolicy(t);
        if (policy.isPresent()) {
            return Check.found(t.logicalId() + ": append-only: " + policy.get(), t.lineOf("ResourcePolicy"));
        }
        List<String> roleDenies = new ArrayList<>();
        for (LambdaFunction w : writers) {
            Optional<String> d = denies.onRole(w.resource().property("Role"), t);
            if (d.isEmpty()) {
                return Check.missing(t.logicalId() + ": not shown append-only: no explicit Deny of " + String.join(" and ", IamDenies.REWRITES)
                        + " in its resource policy or on the role of " + w.logicalId(), t.line());
            }
            roleDenies.add(d.get());
        }
        return Check.found(t.logicalId() + ": append-only for its writers: " + String.join("; ", roleDenies), t.line());
    }

    private List<Check> verified(Optional<Resource> lineage) {
        if (lineage.isEmpty()) {
            return List.of(Check.missing("no lineage table of this template to verify", 0));
        }
        Resource t = lineage.get();
        List<Check> out = new ArrayList<>();
        Optional<LambdaFunction> verifier = components("stream-verifier").filter(v -> sources.get(v.logicalId()).stream()
                .anyMatch(s -> s.kind().equals("dynamodb-stream") && t.logicalId().equals(s.origin()))).findFirst();
        out.add(verifier.map(v -> Check.found("stream verifier " + v.logicalId() + " checks every record of " + t.logicalId() + " as it is written", v.resource().line()))
                .orElse(Check.missing("no Writ stream verifier (" + WritNames.STREAM_VERIFIER_PACKAGE + "*) reads " + t.logicalId() + "'s stream", t.line())));
        Optional<LambdaFunction> signer = components("checkpoint-signer").filter(c -> sources.get(c.logicalId()).stream()
                .anyMatch(s -> s.kind().equals("schedule")) && table(c, WritNames.LINEAGE_TABLE).filter(t::equals).isPresent()).findFirst();
        if (signer.isEmpty()) {
            out.add(Check.missing("no Writ checkpoint signer (" + WritNames.CHECKPOINT_PACKAGE + "*) on a schedule signs " + t.logicalId() + "'s chain heads", t.line()));
        } else {
            LambdaFunction c = signer.get();
            out.add(Check.found("checkpoint signer " + c.logicalId() + " signs " + t.logicalId() + "'s chain heads on a schedule", c.resource().line()));
            List<Assessment.KeyReport> keys = keysIn(c.value(WritNames.CHECKPOINT_KEY));
            out.add(keys.size() == 1 && keys.get(0).signs()
                    ? Check.found("checkpoints signed with KMS key " + keys.get(0).key().logicalId() + " (" + keys.get(0).keySpec() + ")", keys.get(0).key().line())
                    : Check.missing("the checkpoint signer's key (" + WritNames.CHECKPOINT_KEY.primary() + ") is not an asymmetric signing KMS key of this template",
                            c.resource().line()));
        }
        return out;
    }

    private java.util.stream.Stream<LambdaFunction> components(String role) {
        return functions.values().stream().filter(f -> Assessor.role(f).equals(role));
    }

    static Assessment.KeyReport key(Resource k) {
        Object spec = k.property("KeySpec");
        Object usage = k.property("KeyUsage");
        return new Assessment.KeyReport(k, spec == null ? "SYMMETRIC_DEFAULT" : Values.string(spec), usage == null ? "ENCRYPT_DECRYPT" : Values.string(usage));
    }

    List<Assessment.KeyReport> keys() {
        return refs.template().resources().stream().filter(r -> KEY.contains(r.type())).map(Grader::key).toList();
    }

    /** Every lineage table a graded or component function writes to, with its protections for all its graded writers. */
    List<Assessment.TableReport> lineageTables(List<FunctionReport> reports) {
        Map<Resource, List<LambdaFunction>> writers = new LinkedHashMap<>();
        for (FunctionReport r : reports) {
            table(r.function(), WritNames.LINEAGE_TABLE).ifPresent(t -> {
                List<LambdaFunction> list = writers.computeIfAbsent(t, x -> new ArrayList<>());
                if (r.graded()) {
                    list.add(r.function());
                }
            });
        }
        List<Assessment.TableReport> out = new ArrayList<>();
        writers.forEach((t, ws) -> out.add(new Assessment.TableReport(t, protections(t, ws))));
        return out;
    }

    /** The stack reaches a level when every graded function does and every resource was assessed. */
    List<LevelReport> gradeStack(List<FunctionReport> reports, List<Assessment.NotAssessed> notAssessed) {
        List<FunctionReport> graded = reports.stream().filter(FunctionReport::graded).toList();
        List<List<Check>> perLevel = new ArrayList<>();
        for (int level = 1; level <= 5; level++) {
            List<Check> checks = new ArrayList<>();
            int l = level;
            if (graded.isEmpty()) {
                checks.add(Check.missing("no application function to grade", 0));
            } else {
                List<FunctionReport> below = graded.stream().filter(r -> r.level() < l).toList();
                checks.add(below.isEmpty()
                        ? Check.found("all " + graded.size() + " graded functions reach L" + l, 0)
                        : Check.missing("below L" + l + ": " + below.stream().map(r -> r.function().logicalId() + " (L" + r.level() + ")")
                                .collect(Collectors.joining(", ")), below.get(0).function().resource().line()));
            }
            if (level == 1) {
                notAssessed.stream().filter(n -> !n.excluded()).forEach(n -> checks.add(Check.missing(n.resource().logicalId() + " ("
                        + n.resource().type() + ") not assessed: nothing in it counts as governed", n.resource().line())));
            }
            perLevel.add(checks);
        }
        return LevelReport.grade(perLevel);
    }
}
