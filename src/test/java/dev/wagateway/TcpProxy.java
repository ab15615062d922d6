package dev.wagateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy the tests control, between the service and PostgreSQL: {@link #cut()} drops every connection and
 * refuses new ones, as a database outage or a network partition would; {@link #restore()} lets them through again.
 * The shared server is never stopped, so other work on the machine is not disturbed. {@link #recording} makes one
 * that also keeps every byte it carries, both ways, of every connection: what someone capturing the network between
 * the two would see (RemoteJmxTest).
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final boolean recording;
    private final List<ByteArrayOutputStream> fromClients = new CopyOnWriteArrayList<>();
    private final List<ByteArrayOutputStream> fromTarget = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean cut;

    /** On a free port of loopback, to {@code targetHost:targetPort}. */
    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this(new ServerSocket(0, 100, InetAddress.getLoopbackAddress()), targetHost, targetPort, false);
    }

    private TcpProxy(ServerSocket server, String targetHost, int targetPort, boolean recording) {
        this.server = server;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.recording = recording;
        Thread acceptor = new Thread(this::accept, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * On {@code listen:port}, to {@code target:port} (the same port: a service that tells its clients to connect to
     * {@code listen} has all its connections pass through), keeping every byte it carries.
     */
    public static TcpProxy recording(InetAddress listen, InetAddress target, int port) throws IOException {
        return new TcpProxy(new ServerSocket(port, 50, listen), target.getHostAddress(), port, true);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Of a recording proxy: what each connection's client sent so far, one byte stream per connection. */
    public List<byte[]> fromClients() {
        return bytes(fromClients);
    }

    /** Of a recording proxy: what the target answered so far, one byte stream per connection. */
    public List<byte[]> fromTarget() {
        return bytes(fromTarget);
    }

    /** How many connections went through. */
    public int connections() {
        return connections.get();
    }

    private static List<byte[]> bytes(List<ByteArrayOutputStream> streams) {
        return streams.stream().map(stream -> {
            synchronized (stream) {
                return stream.toByteArray();
            }
        }).toList();
    }

    /** Every connection through the proxy is closed, and new ones are refused, until {@link #restore()}. */
    public void cut() {
        cut = true;
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    public void restore() {
        cut = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                connections.incrementAndGet();
                open.add(client);
                open.add(upstream);
                pump(client, upstream, fromClients);
                pump(upstream, client, fromTarget);
            } catch (IOException e) {
                // the server socket closed, or the target refused: go on until closed
            }
        }
    }

    private void pump(Socket from, Socket to, List<ByteArrayOutputStream> direction) {
        ByteArrayOutputStream recorded = recording ? new ByteArrayOutputStream() : null;
        if (recorded != null) {
            direction.add(recorded);
        }
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (recorded != null) {
                        synchronized (recorded) {
                            recorded.write(buffer, 0, n);
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
