import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Draws the benchmark's throughput as a bar chart (PNG, headless AWT). Input: a file of lines
 * {@code label<TAB>value<TAB>reference}, where reference (the database's own rate, the configured limit, the peer's
 * rate or the rate on an empty table) may be empty. Each bar is the service's figure; a grey bar beside it, the
 * reference.
 *
 *   java bench/Chart.java figures.tsv out.png "title"
 */
public class Chart {

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<String[]> rows = Files.readAllLines(Path.of(args[0])).stream().filter(l -> !l.isBlank())
                .map(l -> l.split("\t", -1)).toList();
        int width = 140 + rows.size() * 150;
        int height = 520;
        int left = 80;
        int bottom = height - 110;
        int top = 60;
        double max = 1;
        for (String[] r : rows) {
            max = Math.max(max, Double.parseDouble(r[1]));
            if (r.length > 2 && !r[2].isEmpty()) {
                max = Math.max(max, Double.parseDouble(r[2]));
            }
        }
        max = niceCeiling(max);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(args[2], left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            int y = bottom - (int) ((bottom - top) * i / 5.0);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left, y, width - 20, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format("%,.0f", max * i / 5), 10, y + 4);
        }
        g.setStroke(new BasicStroke(1));
        int x = left + 20;
        for (String[] r : rows) {
            double value = Double.parseDouble(r[1]);
            int h = (int) ((bottom - top) * value / max);
            g.setColor(new Color(37, 99, 235));
            g.fillRect(x, bottom - h, 50, h);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%,.0f", value), x, bottom - h - 4);
            if (r.length > 2 && !r[2].isEmpty()) {
                double reference = Double.parseDouble(r[2]);
                int rh = (int) ((bottom - top) * reference / max);
                g.setColor(new Color(160, 160, 160));
                g.fillRect(x + 55, bottom - rh, 40, rh);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format("%,.0f", reference), x + 55, bottom - rh - 4);
            }
            g.setColor(Color.BLACK);
            String[] words = r[0].split(" ");
            int line = 0;
            StringBuilder current = new StringBuilder();
            for (String word : words) {
                if (current.length() + word.length() > 20) {
                    g.drawString(current.toString().trim(), x, bottom + 18 + 14 * line++);
                    current.setLength(0);
                }
                current.append(word).append(' ');
            }
            g.drawString(current.toString().trim(), x, bottom + 18 + 14 * line);
            x += 150;
        }
        g.setColor(new Color(37, 99, 235));
        g.fillRect(left, height - 30, 12, 12);
        g.setColor(Color.BLACK);
        g.drawString("the service (per second)", left + 18, height - 20);
        g.setColor(new Color(160, 160, 160));
        g.fillRect(left + 220, height - 30, 12, 12);
        g.setColor(Color.BLACK);
        g.drawString("reference: PostgreSQL alone (pgbench), the configured limit, camel-whatsapp or the empty table",
                left + 238, height - 20);
        g.dispose();
        ImageIO.write(image, "png", new File(args[1]));
    }

    private static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
