package dev.writ.lambdaruntime;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An HTTP server on a free loopback port with daemon threads, serving every path with one handler. */
final class LoopbackServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;

    LoopbackServer(String threadName, HttpHandler handler) {
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            threads.shutdownNow();
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", handler);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
