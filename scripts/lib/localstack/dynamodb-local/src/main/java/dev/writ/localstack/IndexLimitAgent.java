package dev.writ.localstack;

import java.io.ByteArrayInputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import javassist.ClassPool;
import javassist.CtClass;
import javassist.CtMethod;
import javassist.bytecode.CodeAttribute;
import javassist.bytecode.CodeIterator;
import javassist.bytecode.Opcode;

/**
 * The Java agent LocalStack starts DynamoDB Local with ({@code -javaagent:.../ddb-local-loader-0.1.jar}):
 * DynamoDB Local refuses a table with more than 20 global secondary indexes, LocalStack's image
 * lifts that to 100 (AWS raises the quota on request). The check is the constant 20 pushed in
 * {@code CreateTableFunction.apply}; this rewrites it. Any failure leaves the class as it was (the
 * limit stays 20) and says so on stderr: DynamoDB Local itself must start either way.
 */
public final class IndexLimitAgent {
    static final String TARGET = "com/amazonaws/services/dynamodbv2/local/shared/access/api/cp/CreateTableFunction";
    static final int AWS_LIMIT = 20;
    static final int LIFTED_LIMIT = 100;

    private IndexLimitAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        instrumentation.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
                return TARGET.equals(name) ? lift(bytes) : null;
            }
        });
    }

    /** The class with every {@code bipush 20} of its {@code apply} methods made {@code bipush 100}; null if none. */
    static byte[] lift(byte[] classFile) {
        try {
            CtClass type = new ClassPool(false).makeClass(new ByteArrayInputStream(classFile));
            int rewritten = 0;
            for (CtMethod method : type.getDeclaredMethods("apply")) {
                CodeAttribute code = method.getMethodInfo().getCodeAttribute();
                if (code == null) {
                    continue;
                }
                for (CodeIterator it = code.iterator(); it.hasNext(); ) {
                    int at = it.next();
                    if (it.byteAt(at) == Opcode.BIPUSH && it.byteAt(at + 1) == AWS_LIMIT) {
                        it.writeByte(LIFTED_LIMIT, at + 1);
                        rewritten++;
                    }
                }
            }
            if (rewritten == 0) {
                System.err.println("writ index-limit agent: no 20-index check found in " + TARGET + "; limit unchanged");
                return null;
            }
            return type.toBytecode();
        } catch (Exception e) {
            System.err.println("writ index-limit agent: " + TARGET + " left unchanged: " + e);
            return null;
        }
    }
}
