package dev.writ.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback in front of an emulator, to take the emulator away from a client and
 * give it back while both keep running: {@link State#UP} forwards each new connection,
 * {@link State#DOWN} accepts and closes it (a stopped endpoint, as the SDK sees one), and
 * {@link State#HOLD} accepts it and never answers (a request in flight that does not come back).
 * A state applies to connections opened after it was set; {@link #cut()} also ends the open ones.
 */
public final class TcpRelay implements AutoCloseable {

    /** What a new connection meets. */
    public enum State { UP, DOWN, HOLD }

    private final ServerSocket server;
    private final URI target;
    private final ConcurrentLinkedQueue<Socket> open = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile State state = State.UP;

    /** A relay to {@code target} (its host and port), up. */
    public TcpRelay(URI target) {
        this.target = target;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon(this::accept);
    }

    /** {@code http://127.0.0.1:<port>}, the endpoint to give the client. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Sets what new connections meet. */
    public void set(State state) {
        this.state = state;
    }

    /** How many connections clients have opened to the relay, in any state. */
    public int connections() {
        return connections.get();
    }

    /** Closes every connection open now (pooled ones included), so the next request opens a new one. */
    public void cut() {
        for (Socket s; (s = open.poll()) != null; ) {
            closeQuietly(s);
        }
    }

    private void accept() {
        while (true) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            connections.incrementAndGet();
            switch (state) {
                case DOWN -> closeQuietly(client);
                case HOLD -> open.add(client);
                case UP -> {
                    try {
                        Socket upstream = new Socket(target.getHost(), target.getPort());
                        open.add(client);
                        open.add(upstream);
                        daemon(() -> pipe(client, upstream));
                        daemon(() -> pipe(upstream, client));
                    } catch (IOException e) {
                        closeQuietly(client);
                    }
                }
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException closed) {
            // one side went away; closing both ends the other pipe too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "tcp-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cut();
    }
}
