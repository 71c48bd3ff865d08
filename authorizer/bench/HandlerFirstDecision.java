import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.writ.authorizer.function.HttpSimpleAuthorizerFunction;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
/** Fresh JVM to first decision through the Micronaut handler of the shaded jar (env: WRIT_* local mode). */
public class HandlerFirstDecision {
    public static void main(String[] a) throws Exception {
        APIGatewayV2CustomAuthorizerEvent e = LambdaEventSerializers.serializerFor(APIGatewayV2CustomAuthorizerEvent.class,
            HandlerFirstDecision.class.getClassLoader()).fromJson(Files.readString(Path.of(a[0])));
        try (HttpSimpleAuthorizerFunction fn = new HttpSimpleAuthorizerFunction()) {
            var r = fn.execute(e);
            long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.println("isAuthorized=" + r.getIsAuthorized() + " jvmStartToFirstDecisionMs=" + sinceJvmStart);
        }
    }
}
