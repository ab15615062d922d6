import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A counting proxy in front of PostgreSQL, for bench/run.sh: reads what the clients send (the frontend side of the
 * wire protocol) and counts the statements they execute, each extended-protocol Execute and each simple Query, apart
 * from transaction control and session settings (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, SET, SHOW...). Writes
 * {@code statements control} to COUNT_FILE every 200 ms. The clients must not ask for TLS (sslmode=disable).
 *
 *   java bench/PgCount.java LISTEN_PORT HOST PORT COUNT_FILE
 */
public class PgCount {

    static final Pattern CONTROL = Pattern.compile(
            "(?is)\\s*(BEGIN|START|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|SET|RESET|SHOW|DISCARD)\\b.*");
    static final AtomicLong statements = new AtomicLong();
    static final AtomicLong control = new AtomicLong();

    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 200,
                java.net.InetAddress.getLoopbackAddress());
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        Path countFile = Path.of(args[3]);
        Thread writer = new Thread(() -> {
            while (true) {
                try {
                    Path part = Path.of(countFile + ".part");
                    Files.writeString(part, statements.get() + " " + control.get() + "\n");
                    Files.move(part, countFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Thread.sleep(200);
                } catch (Exception e) {
                    return;
                }
            }
        });
        writer.setDaemon(true);
        writer.start();
        while (true) {
            Socket client = server.accept();
            Socket upstream = new Socket(host, port);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            Thread back = new Thread(() -> copy(upstream, client));
            back.setDaemon(true);
            back.start();
            Thread forth = new Thread(() -> {
                try {
                    count(client.getInputStream(), upstream.getOutputStream());
                } catch (IOException e) {
                    // the connection closed
                } finally {
                    close(client, upstream);
                }
            });
            forth.setDaemon(true);
            forth.start();
        }
    }

    /** Forwards the client's messages, counting the statements it runs. */
    static void count(InputStream raw, OutputStream rawOut) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 65536));
        OutputStream out = new BufferedOutputStream(rawOut, 65536);
        // untyped start-up messages (SSLRequest, GSSENCRequest, CancelRequest) until the StartupMessage
        while (true) {
            int length = in.readInt();
            byte[] body = in.readNBytes(length - 4);
            writeInt(out, length);
            out.write(body);
            out.flush();
            int code = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8) | (body[3] & 0xff);
            if (code == 196608) { // protocol 3.0
                break;
            }
        }
        Map<String, Boolean> preparedIsControl = new HashMap<>();
        Map<String, Boolean> portalIsControl = new HashMap<>();
        while (true) {
            int type = in.read();
            if (type < 0) {
                return;
            }
            int length = in.readInt();
            byte[] body = in.readNBytes(length - 4);
            switch (type) {
                case 'P' -> { // Parse: statement name, query
                    String[] s = cstrings(body, 2);
                    preparedIsControl.put(s[0], CONTROL.matcher(s[1]).matches());
                }
                case 'B' -> { // Bind: portal name, statement name
                    String[] s = cstrings(body, 2);
                    portalIsControl.put(s[0], preparedIsControl.getOrDefault(s[1], false));
                }
                case 'E' -> tally(portalIsControl.getOrDefault(cstrings(body, 1)[0], false));
                case 'Q' -> tally(CONTROL.matcher(cstrings(body, 1)[0]).matches());
                default -> { }
            }
            out.write(type);
            writeInt(out, length);
            out.write(body);
            if (in.available() == 0) {
                out.flush();
            }
        }
    }

    static void tally(boolean isControl) {
        (isControl ? control : statements).incrementAndGet();
    }

    static String[] cstrings(byte[] body, int n) {
        String[] result = new String[n];
        int from = 0;
        for (int i = 0; i < n; i++) {
            if (from >= body.length) {
                result[i] = "";
                continue;
            }
            int end = from;
            while (end < body.length && body[end] != 0) {
                end++;
            }
            result[i] = new String(body, from, end - from, StandardCharsets.UTF_8);
            from = end + 1;
        }
        return result;
    }

    static void writeInt(OutputStream out, int v) throws IOException {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // the connection closed
        } finally {
            close(from, to);
        }
    }

    static void close(Socket a, Socket b) {
        try {
            a.close();
        } catch (IOException ignored) {
        }
        try {
            b.close();
        } catch (IOException ignored) {
        }
    }
}
