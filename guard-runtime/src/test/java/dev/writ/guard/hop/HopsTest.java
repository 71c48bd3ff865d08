package dev.writ.guard.hop;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
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
}
