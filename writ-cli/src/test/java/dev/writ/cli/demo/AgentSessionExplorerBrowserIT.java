package dev.writ.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.cli.dev.DevServer;
import dev.writ.cli.dev.DevStack;
import dev.writ.cli.dev.ExplorerBrowserIT;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's agent scene, then its session in the lineage explorer (headless Chromium, as
 * {@link ExplorerBrowserIT} drives it): opening the session's first execution shows, under its
 * transaction, every tool call in order, the two the policies refused (which start no execution)
 * included, with what the guard did with each writ; the execution's decision and verification
 * records name their tool.
 */
class AgentSessionExplorerBrowserIT {
    private static DevStack stack;
    private static DevServer server;

    @BeforeAll
    static void start() {
        stack = DevStack.start(null, 1);
        server = DevServer.start(stack, 0, 1, new PrintWriter(new StringWriter()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theExplorerListsTheSessionsToolCallsInOrderRefusedOnesIncluded() throws Exception {
        String node = ExplorerBrowserIT.tools();
        AgentScene scene = new AgentScene(stack);
        List<Map<String, Object>> decisions = (List<Map<String, Object>>) AgentSceneTest.playAndReadBack(stack, server, scene)
                .get("decisions");
        String first = (String) decisions.get(0).get("execId");
        // Signed, so the page finds a latest checkpoint (without one it is answered 404, a failed request to the page).
        stack.checkpoint();

        String by = " by \\S+ \\(\\S+:\\d+\\)";
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("phase", "agent-session");
        spec.put("url", server.explorerUrl());
        spec.put("screenshots", ExplorerBrowserIT.SCREENSHOTS.toAbsolutePath().toString());
        spec.put("execution", first);
        spec.put("txn", scene.transactions().iterator().next());
        spec.put("tool", "refund_payment");
        spec.put("decisions", List.of(
                "^refund_payment — allow ALLOWED" + by + " → " + first + ": verification, outcome[^,]*, denial REPLAYED$",
                "^refund_payment — deny POLICY_DENY" + by + "$",
                "^purge_payments — deny POLICY_DENY" + by + "$",
                "^list_payments — allow ALLOWED" + by + " → \\S+: denial REQUEST_MISMATCH$",
                "^refund_payment — allow ALLOWED" + by + " → \\S+: denial REQUEST_MISMATCH$"));
        ExplorerBrowserIT.browse(node, spec);
        assertThat(ExplorerBrowserIT.SCREENSHOTS.resolve("6-agent-session.png")).isNotEmptyFile();
    }
}
