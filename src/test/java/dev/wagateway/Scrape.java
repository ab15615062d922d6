package dev.wagateway;

/**
 * One scrape of /actuator/prometheus with the operator key, as Prometheus takes it. The tests share one context, so a
 * test compares two scrapes ({@link #delta}) rather than reading a figure.
 */
public record Scrape(String text) {

    public static Scrape of(Api api) {
        return new Scrape(api.get("/actuator/prometheus").raw());
    }

    /** The sum of the samples of {@code name} that carry every label given (name, value, name, value...). */
    public double value(String name, String... labels) {
        return text.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!line.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                            return false;
                        }
                    }
                    return true;
                }).mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** How much {@code name} (with those labels) grew since {@code before}. */
    public long delta(Scrape before, String name, String... labels) {
        return Math.round(value(name, labels) - before.value(name, labels));
    }
}
