package dev.writ.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javassist.ClassPool;
import javassist.CtClass;
import javassist.CtMethod;
import javassist.bytecode.CodeIterator;
import javassist.bytecode.Opcode;
import org.junit.jupiter.api.Test;

/**
 * The agent on the real class of the DynamoDB Local this installs (so an upgrade that moves the check fails the
 * install here, not a table creation later): the 20-index check becomes 100, nothing else; a class without the check
 * is left alone.
 */
class IndexLimitAgentTest {

    @Test
    void liftsTheIndexLimitOfDynamoDbLocalsCreateTable() throws Exception {
        byte[] original = classFile(IndexLimitAgent.TARGET);
        assertThat(pushedBytes(original)).contains(IndexLimitAgent.AWS_LIMIT).doesNotContain(IndexLimitAgent.LIFTED_LIMIT);

        byte[] lifted = IndexLimitAgent.lift(original);

        assertThat(lifted).isNotNull();
        List<Integer> before = pushedBytes(original);
        List<Integer> after = pushedBytes(lifted);
        assertThat(after).hasSameSizeAs(before).doesNotContain(IndexLimitAgent.AWS_LIMIT).contains(IndexLimitAgent.LIFTED_LIMIT);
        before.replaceAll(b -> b == IndexLimitAgent.AWS_LIMIT ? IndexLimitAgent.LIFTED_LIMIT : b);
        assertThat(after).as("only the limit changed").isEqualTo(before);
    }

    @Test
    void leavesAClassWithoutTheCheckUnchanged() throws Exception {
        assertThat(IndexLimitAgent.lift(classFile(IndexLimitAgent.class.getName().replace('.', '/')))).isNull();
        assertThat(IndexLimitAgent.lift(new byte[] {1, 2, 3})).as("not a class file").isNull();
    }

    private static byte[] classFile(String name) throws IOException {
        try (InputStream in = IndexLimitAgentTest.class.getClassLoader().getResourceAsStream(name + ".class")) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    /** The operands of every bipush in the class's apply methods, in order. */
    private static List<Integer> pushedBytes(byte[] classFile) throws Exception {
        CtClass type = new ClassPool(false).makeClass(new ByteArrayInputStream(classFile));
        List<Integer> pushed = new ArrayList<>();
        for (CtMethod method : type.getDeclaredMethods("apply")) {
            if (method.getMethodInfo().getCodeAttribute() == null) {
                continue;
            }
            for (CodeIterator it = method.getMethodInfo().getCodeAttribute().iterator(); it.hasNext(); ) {
                int at = it.next();
                if (it.byteAt(at) == Opcode.BIPUSH) {
                    pushed.add(it.byteAt(at + 1));
                }
            }
        }
        return pushed;
    }
}
