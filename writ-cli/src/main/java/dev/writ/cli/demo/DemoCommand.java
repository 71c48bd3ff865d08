package dev.writ.cli.demo;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.json.Json;
import dev.writ.guard.log.DecisionLog;
import dev.writ.guard.sign.LocalKeys;
import dev.writ.guard.sign.SigningAlgorithm;
import dev.writ.guard.verify.VerifierConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code writ demo}: a scripted tour of the guard that needs no AWS account and no input. A
 * sample payments handler is wrapped by the real guard; real API Gateway REST events carry an
 * allowed writ, a replay and each kind of bad writ; the table shows what the guard decided and
 * whether the handler body ran. Exit 0 when every step behaved as expected.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "A scripted tour of the guard on an embedded default setup (local key, in-process).")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DemoWorld world = new DemoWorld(LocalKeys.generate(SigningAlgorithm.ES256));
        Guard guard = Guard.create(GuardConfig.builder()
                .verifier(VerifierConfig.builder().keys(world.trustedKeys()).trustedIssuers(Set.of(DemoWorld.ISSUER))
                        .replayStore(new DemoReplayStore()).build())
                .decisionLog(new DecisionLog(new PrintStream(OutputStream.nullOutputStream())))
                .build());

        List<DemoStep> steps = world.steps();
        out.println("Writ demo: a guarded payments handler behind API Gateway (REST), local ES256 key, in-process.");
        out.println();
        out.printf("%-3s %-44s %-18s %-18s %-4s %s%n", "#", "request", "expected", "guard decided", "ran", "");
        boolean allAsExpected = true;
        int n = 1;
        List<String> handlerRuns = new ArrayList<>();
        for (DemoStep step : steps) {
            int before = handlerRuns.size();
            APIGatewayProxyResponseEvent response = guard.handle(step.event(), world.context(), (event, ctx, writ) -> {
                handlerRuns.add(writ.id());
                return new APIGatewayProxyResponseEvent().withStatusCode(200)
                        .withBody(Json.write(java.util.Map.of("paid", true, "by", writ.subject())));
            });
            boolean ran = handlerRuns.size() > before;
            String decided = response.getStatusCode() == 200 ? "ALLOWED"
                    : String.valueOf(Json.parseObject(response.getBody()).get("code"));
            boolean asExpected = decided.equals(step.expected()) && ran == "ALLOWED".equals(step.expected());
            allAsExpected &= asExpected;
            out.printf("%-3d %-44s %-18s %-18s %-4s %s%n", n++, step.description(), step.expected(), decided,
                    ran ? "yes" : "no", asExpected ? "ok" : "UNEXPECTED");
        }
        out.println();
        out.println(allAsExpected ? "Every step behaved as expected: no writ, no execution."
                : "Some steps did not behave as expected.");
        out.flush();
        return allAsExpected ? 0 : 1;
    }
}
