package dev.wagateway.api;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What {@link ApiFuzzTest} saw: the answers by status, and every broken rule grouped by the answer's status and the
 * reason, counted, with the operations and the hostile parts it was seen with, and the simplest request of each group
 * (the one with the fewest hostile parts, the first of those), so that one run shows everything at once.
 */
final class FuzzFindings {

    /** A broken rule: the reason groups it; the detail (the contract's report, or the answer) shows it. */
    record Problem(String reason, String detail) {
    }

    private static final class Group {
        final int status;
        final String reason;
        int count;
        final Set<String> operations = new TreeSet<>();
        final Map<String, Integer> mutations = new HashMap<>();
        int exampleMutations = Integer.MAX_VALUE;
        String example;

        Group(int status, String reason) {
            this.status = status;
            this.reason = reason;
        }
    }

    private static final int ANSWER_SHOWN = 300;
    private static final int MUTATIONS_SHOWN = 8;
    private final Map<Integer, Integer> byStatus = new TreeMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private int requests;
    private int failed;

    void record(FuzzRequest request, FuzzAnswer answer, List<Problem> problems) {
        requests++;
        byStatus.merge(answer.status(), 1, Integer::sum);
        if (!problems.isEmpty()) {
            failed++;
        }
        for (Problem problem : problems) {
            Group group = groups.computeIfAbsent(answer.status() + " " + problem.reason(),
                    k -> new Group(answer.status(), problem.reason()));
            group.count++;
            group.operations.add(request.operation() == null ? "no operation" : request.operation().id());
            request.mutations().forEach(m -> group.mutations.merge(m, 1, Integer::sum));
            if (request.mutations().size() < group.exampleMutations) {
                group.exampleMutations = request.mutations().size();
                group.example = example(request, answer, problem);
            }
        }
    }

    /** Requests with at least one broken rule. */
    int failed() {
        return failed;
    }

    /** The answers by status (-1: none). */
    Map<Integer, Integer> byStatus() {
        return byStatus;
    }

    String summary() {
        StringBuilder out = new StringBuilder().append(failed).append(" of ").append(requests)
                .append(" requests broke a rule; answers by status ").append(byStatus)
                .append(". By status and reason, most first, with the simplest request of each:\n");
        groups.values().stream().sorted(Comparator.comparingInt((Group g) -> -g.count).thenComparingInt(g -> g.status))
                .forEach(g -> out.append(String.format("%n%4d × %5d  %s%n", g.status, g.count, g.reason))
                        .append("      in ").append(String.join(", ", g.operations)).append('\n')
                        .append("      with ").append(mostSeen(g.mutations)).append('\n')
                        .append(g.example.indent(6)));
        return out.toString();
    }

    private static String mostSeen(Map<String, Integer> mutations) {
        if (mutations.isEmpty()) {
            return "valid requests";
        }
        String shown = mutations.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MUTATIONS_SHOWN).map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "));
        return mutations.size() > MUTATIONS_SHOWN ? shown + ", …" : shown;
    }

    private static String example(FuzzRequest request, FuzzAnswer answer, Problem problem) {
        String body = answer.body() == null ? "" : answer.body().replaceAll("\\s+", " ");
        return request.describe() + "\n-> " + answer.status() + " " + answer.mediaType() + " "
                + (body.length() > ANSWER_SHOWN ? body.substring(0, ANSWER_SHOWN) + "…" : body)
                + (problem.detail() == null ? "" : "\n" + problem.detail());
    }
}
