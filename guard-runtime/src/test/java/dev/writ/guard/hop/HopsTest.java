package dev.writ.guard.hop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard refuses to start when the SDK would not load its interceptor. */
class HopsTest {

    @Test
    void theInterceptorIsRegisteredOnThisClassPath() {
        assertThatCode(() -> Hops.requireInterceptor(Hops.class.getClassLoader())).doesNotThrowAnyException();
    }

    @Test
    void aClassPathWhoseGlobalInterceptorsFileNamesAnotherInterceptorIsRefused(@TempDir Path dir) throws IOException {
        Path other = dir.resolve("execution.interceptors");
        Files.writeString(other, "com.amazonaws.xray.interceptors.TracingInterceptor\n", StandardCharsets.UTF_8);
        ClassLoader shadedWithAnotherFile = new ClassLoader(null) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals(Hops.GLOBAL_INTERCEPTORS) ? Collections.enumeration(java.util.List.of(other.toUri().toURL()))
                        : Collections.emptyEnumeration();
            }
        };

        assertThatThrownBy(() -> Hops.requireInterceptor(shadedWithAnotherFile)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Hops.GLOBAL_INTERCEPTORS).hasMessageContaining("append");
        assertThatThrownBy(() -> Hops.requireInterceptor(new ClassLoader(null) { }))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eachExecutionRunsInThePartitionAndAccountOfItsOwnFunctionArn() {
        Hops hops = Hops.via(null);
        String[] seen = new String[3];
        String[] arns = {"arn:aws:lambda:us-east-1:111111111111:function:f", "arn:aws-cn:lambda:cn-north-1:222222222222:function:f",
            "arn:aws-cn:lambda:cn-north-1:222222222222:function:f"};
        for (int i = 0; i < arns.length; i++) {
            try (GuardedExecution.Scope ignored = hops.enter(null, List.of(), "f", invokedAs(arns[i]), null)) {
                seen[i] = GuardedExecution.current().partition() + " " + GuardedExecution.current().account();
            }
        }
        assertThat(seen).containsExactly("aws 111111111111", "aws-cn 222222222222", "aws-cn 222222222222");
        try (GuardedExecution.Scope ignored = hops.enter(null, List.of(), "f", null, null)) {
            assertThat(GuardedExecution.current().account()).as("outside Lambda: no context, no account").isNull();
        }
        assertThat(GuardedExecution.current()).as("every scope closed").isNull();
    }

    private static Context invokedAs(String arn) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> method.getName().equals("getInvokedFunctionArn") ? arn : null);
    }
}
