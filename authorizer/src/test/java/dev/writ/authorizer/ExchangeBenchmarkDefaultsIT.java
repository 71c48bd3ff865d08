package dev.writ.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Param;

/**
 * {@link ExchangeBenchmark} run without {@code -p} sets up every configuration it would measure on
 * the default emulator (moto's KMS): each combination of its declared parameter values is set up
 * here as JMH would, its first exchange allowed.
 */
class ExchangeBenchmarkDefaultsIT {

    static Stream<Map<String, String>> defaultConfigurations() {
        List<Map<String, String>> configurations = new ArrayList<>(List.of(Map.of()));
        for (Field field : ExchangeBenchmark.class.getFields()) {
            Param param = field.getAnnotation(Param.class);
            if (param == null) {
                continue;
            }
            List<Map<String, String>> extended = new ArrayList<>();
            for (Map<String, String> configuration : configurations) {
                for (String value : param.value()) {
                    Map<String, String> next = new LinkedHashMap<>(configuration);
                    next.put(field.getName(), value);
                    extended.add(next);
                }
            }
            configurations = extended;
        }
        return configurations.stream();
    }

    @ParameterizedTest
    @MethodSource("defaultConfigurations")
    void setsUpOnTheDefaultEmulator(Map<String, String> parameters) throws Exception {
        assertThat(parameters).containsOnlyKeys("mode", "keySpec", "hop");
        ExchangeBenchmark benchmark = new ExchangeBenchmark();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            ExchangeBenchmark.class.getField(parameter.getKey()).set(benchmark, parameter.getValue());
        }
        assertThatCode(benchmark::setUp).doesNotThrowAnyException();
    }
}
