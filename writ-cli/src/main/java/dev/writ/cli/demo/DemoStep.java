package dev.writ.cli.demo;

import dev.writ.cli.dev.Gateway;
import java.util.function.Supplier;

/** One request of the tour, who sends it, the reason code it must get, and how to send it. */
record DemoStep(String section, String request, String caller, String expected, Supplier<Gateway.Response> send) {
}
