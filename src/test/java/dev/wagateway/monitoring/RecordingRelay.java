package dev.wagateway.monitoring;

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
 * A TCP relay on loopback that records every byte it carries, both ways, of every connection: what someone capturing
 * the network between a JMX client and the service would see. It listens on one address and port and forwards to
 * another address with the same port, so a service that tells its clients to connect to the relay's address (RMI
 * stubs carry {@code JMX_HOSTNAME}) has all its connections pass through it, the registry's and the connector's.
 */
final class RecordingRelay implements AutoCloseable {

    private final ServerSocket server;
    private final InetAddress target;
    private final int port;
    private final List<ByteArrayOutputStream> fromClients = new CopyOnWriteArrayList<>();
    private final List<ByteArrayOutputStream> fromService = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();

    RecordingRelay(InetAddress listen, InetAddress target, int port) throws IOException {
        this.target = target;
        this.port = port;
        this.server = new ServerSocket(port, 50, listen);
        Thread acceptor = new Thread(this::accept, "recording-relay-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** What each connection's client sent so far, one byte stream per connection. */
    List<byte[]> fromClients() {
        return bytes(fromClients);
    }

    /** What the service answered so far, one byte stream per connection. */
    List<byte[]> fromService() {
        return bytes(fromService);
    }

    private static List<byte[]> bytes(List<ByteArrayOutputStream> streams) {
        return streams.stream().map(stream -> {
            synchronized (stream) {
                return stream.toByteArray();
            }
        }).toList();
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target, port);
                connections.incrementAndGet();
                open.add(client);
                open.add(upstream);
                pump(client, upstream, fromClients);
                pump(upstream, client, fromService);
            } catch (IOException e) {
                // closed, or the target refused: go on until closed
            }
        }
    }

    private void pump(Socket from, Socket to, List<ByteArrayOutputStream> direction) {
        ByteArrayOutputStream recorded = new ByteArrayOutputStream();
        direction.add(recorded);
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    synchronized (recorded) {
                        recorded.write(buffer, 0, n);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "recording-relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closeQuietly(server);
        open.forEach(RecordingRelay::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
