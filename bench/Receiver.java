import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The tenants' callback endpoints for the benchmark: answers every POST under /hooks/ with 200 {} after a fixed
 * delay, on HTTP/1.1 keep-alive connections. One thread, one selector, no HTTP library: the answers wait in a queue
 * in the order they fall due (the delay is the same for all), so the receiver takes as little CPU as it can from
 * the service it measures on a small machine (the JDK's HttpServer, its first version, took 0.46 core-ms per post
 * on 2 AMD EPYC cores, a sixth of the machine's CPU per event). It reads what it needs of HTTP/1.1: the request
 * line, Content-Length, the body (skipped). GET /count answers "posts first_ms last_ms" (the number of posts
 * received, and when the first and the last arrived, epoch milliseconds).
 *
 *   java bench/Receiver.java port delay_ms
 */
public class Receiver {

    private static final byte[] OK = answer("200 OK", "{}");
    private static final byte[] NOT_ALLOWED = answer("405 Method Not Allowed", "");
    private static final byte[] NOT_FOUND = answer("404 Not Found", "");

    private long posts;
    private long first;
    private long last;

    /** An answer and when it falls due (epoch ms). */
    private record Due(long at, SocketChannel channel, byte[] bytes) {
    }

    private final ArrayDeque<Due> due = new ArrayDeque<>();

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        long delayMs = Long.parseLong(args[1]);
        new Receiver().serve(port, delayMs);
    }

    private void serve(int port, long delayMs) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("0.0.0.0", port), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        System.out.println("receiving on port " + port + ", answering after " + delayMs + " ms");
        ByteBuffer read = ByteBuffer.allocate(64 * 1024);
        while (true) {
            long now = System.currentTimeMillis();
            while (!due.isEmpty() && due.peek().at() <= now) {
                Due answer = due.poll();
                write(answer.channel(), answer.bytes());
            }
            long wait = due.isEmpty() ? 0 : Math.max(1, due.peek().at() - now);
            selector.select(wait);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                if (!key.isValid()) {
                    continue;
                }
                if (key.isAcceptable()) {
                    SocketChannel channel = server.accept();
                    if (channel != null) {
                        channel.configureBlocking(false);
                        channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                        channel.register(selector, SelectionKey.OP_READ, new Request());
                    }
                } else if (key.isReadable()) {
                    onRead(key, read, delayMs);
                }
            }
        }
    }

    private void onRead(SelectionKey key, ByteBuffer read, long delayMs) {
        SocketChannel channel = (SocketChannel) key.channel();
        Request request = (Request) key.attachment();
        read.clear();
        int n;
        try {
            n = channel.read(read);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            close(channel);
            return;
        }
        read.flip();
        while (read.hasRemaining()) {
            if (!request.feed(read)) {
                return;   // more bytes to come
            }
            // a whole request
            byte[] bytes;
            long now = System.currentTimeMillis();
            if (request.path.startsWith("/hooks/")) {
                if (!"POST".equals(request.method)) {
                    write(channel, NOT_ALLOWED);
                } else {
                    posts++;
                    if (first == 0) {
                        first = now;
                    }
                    last = Math.max(last, now);
                    due.add(new Due(now + delayMs, channel, OK));
                }
            } else if (request.path.equals("/count")) {
                write(channel, answer("200 OK", posts + " " + first + " " + last + "\n"));
            } else {
                write(channel, NOT_FOUND);
            }
            request.reset();
        }
    }

    private static void write(SocketChannel channel, byte[] bytes) {
        if (!channel.isOpen()) {
            return;
        }
        try {
            ByteBuffer out = ByteBuffer.wrap(bytes);
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    Thread.onSpinWait();   // a few hundred bytes: the socket's buffer takes them at once
                }
            }
        } catch (IOException e) {
            close(channel);
        }
    }

    private static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private static byte[] answer(String status, String body) {
        byte[] text = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + text.length
                + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + text.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(text, 0, all, headBytes.length, text.length);
        return all;
    }

    /** One request being read: its head up to the blank line, then Content-Length bytes of body, skipped. */
    private static final class Request {

        private final StringBuilder head = new StringBuilder();
        private String method;
        private String path;
        private long bodyLeft = -1;

        /** Takes bytes from {@code in}; true once the request is whole (the rest of {@code in} is the next one). */
        boolean feed(ByteBuffer in) {
            while (bodyLeft < 0 && in.hasRemaining()) {
                head.append((char) (in.get() & 0xff));
                int len = head.length();
                if (len >= 4 && head.charAt(len - 1) == '\n' && head.charAt(len - 2) == '\r'
                        && head.charAt(len - 3) == '\n' && head.charAt(len - 4) == '\r') {
                    parseHead();
                }
            }
            if (bodyLeft < 0) {
                return false;
            }
            int skip = (int) Math.min(bodyLeft, in.remaining());
            in.position(in.position() + skip);
            bodyLeft -= skip;
            return bodyLeft == 0;
        }

        private void parseHead() {
            String[] lines = head.toString().split("\r\n");
            String[] requestLine = lines[0].split(" ");
            method = requestLine[0];
            path = requestLine.length > 1 ? requestLine[1] : "/";
            bodyLeft = 0;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                    bodyLeft = Long.parseLong(lines[i].substring(colon + 1).trim());
                }
            }
        }

        void reset() {
            head.setLength(0);
            method = null;
            path = null;
            bodyLeft = -1;
        }
    }
}
