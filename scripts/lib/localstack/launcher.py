#!/usr/bin/env python3
"""Write DynamoDB Local's launcher jar for LocalStack (system python3, standard library only).

  launcher.py CLASSPATH-FILE JAR

LocalStack runs `java -javaagent:<agent> -jar DynamoDBLocal.jar -port P -inMemory`; this jar holds
only a manifest: DynamoDB Local's main class, and a Class-Path of file URLs of the jars Maven
resolved (CLASSPATH-FILE, as written by dependency:build-classpath), so nothing is copied out of
the local Maven repository. The native libraries on that class path are left out: DynamoDB Local
2.x carries its own inside its jar.
"""
import pathlib
import sys
import zipfile

MAIN_CLASS = "com.amazonaws.services.dynamodbv2.local.main.ServerRunner"


def wrap(line):
    """A manifest line as the jar specification wants it: at most 72 bytes, continued after a space."""
    data = line.encode("utf-8")
    out = [data[:72]]
    data = data[72:]
    while data:
        out.append(b" " + data[:71])
        data = data[71:]
    return b"\r\n".join(out) + b"\r\n"


def manifest(jars):
    uris = " ".join(pathlib.Path(j).resolve().as_uri() for j in jars)
    return (wrap("Manifest-Version: 1.0") + wrap("Created-By: scripts/lib/localstack/launcher.py")
            + wrap("Main-Class: " + MAIN_CLASS) + wrap("Class-Path: " + uris) + b"\r\n")


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 64
    entries = pathlib.Path(argv[1]).read_text().strip().split(":")
    jars = [e for e in entries if e.endswith(".jar")]
    missing = [j for j in jars if not pathlib.Path(j).is_file()]
    if not jars or missing:
        sys.stderr.write("launcher.py: jars missing from %s: %s\n" % (argv[1], missing or "all"))
        return 1
    with zipfile.ZipFile(argv[2], "w") as jar:
        jar.writestr("META-INF/MANIFEST.MF", manifest(jars))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
