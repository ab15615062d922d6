package dev.wagateway.api;

import static dev.wagateway.api.HostileValues.Part;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import dev.wagateway.Api;
import dev.wagateway.Contract;
import io.swagger.v3.oas.models.parameters.Parameter;

/**
 * Makes {@link ApiFuzzTest}'s requests from the contract. Each is a valid request for an operation ({@link ValidValues})
 * with some of its parts made hostile ({@link HostileValues}): an id in the path, a query value or the query's shape,
 * the body, Content-Type, Accept, the API key, the webhook's signature; or a method its path does not have, or a path
 * under the contract's segments that it does not have. First comes the sweep, in the seed's order: every hostile value
 * of every part alone on every operation it fits (a hostile body also without any key or signature); then random
 * combinations, each part hostile by chance on its own.
 */
final class HostileRequests {

    /** One part made hostile: which part, which of its values, in which slot (the n-th path, query or header parameter). */
    record Twist(Part part, int value, int slot) {
    }

    /** What to send: an operation, and the parts of its valid request made hostile (none: the valid request). */
    record Plan(Contract.Operation operation, List<Twist> twists) {

        Optional<Twist> twist(Part part) {
            return twists.stream().filter(t -> t.part() == part).findFirst();
        }
    }

    private final Random random;
    private final Contract contract;
    private final ValidValues valid;
    private final HostileValues hostile;
    private final List<Plan> sweep;
    private int swept;

    HostileRequests(Random random, Contract contract, ValidValues valid) {
        this.random = random;
        this.contract = contract;
        this.valid = valid;
        this.hostile = new HostileValues(random);
        this.sweep = sweep();
        Collections.shuffle(sweep, random);
    }

    /** How many requests the sweep has: those past it are random combinations. */
    int sweepSize() {
        return sweep.size();
    }

    FuzzRequest next() {
        return request(swept < sweep.size() ? sweep.get(swept++) : randomPlan());
    }

    private List<Plan> sweep() {
        List<Plan> plans = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        for (Contract.Operation operation : contract.operations()) {
            for (Part part : List.of(Part.ID, Part.QUERY_VALUE)) {
                int slots = operation.parameters(part == Part.ID ? "path" : "query").size();
                for (int slot = 0; slot < slots; slot++) {
                    every(plans, operation, part, slot);
                }
            }
            for (Part part : List.of(Part.QUERY_SHAPE, Part.BODY, Part.CONTENT_TYPE, Part.ACCEPT, Part.KEY)) {
                every(plans, operation, part, 0);
            }
            for (int slot = 0; slot < operation.parameters("header").size(); slot++) {
                every(plans, operation, Part.SIGNATURE, slot);
            }
            if (operation.definition().getRequestBody() != null) {
                for (int value = 0; value < hostile.count(Part.BODY); value++) {
                    plans.add(new Plan(operation, List.of(new Twist(Part.BODY, value, 0),
                            new Twist(Part.KEY, HostileValues.NO_KEY, 0),
                            new Twist(Part.SIGNATURE, HostileValues.NO_SIGNATURE, 0))));
                }
            }
            if (paths.add(operation.path())) {
                missingMethods(operation).forEach(m -> plans.add(plan(operation, new Twist(Part.METHOD, m, 0))));
                every(plans, operation, Part.PATH, 0);
            }
        }
        return plans;
    }

    private void every(List<Plan> plans, Contract.Operation operation, Part part, int slot) {
        for (int value = 0; value < hostile.count(part); value++) {
            plans.add(plan(operation, new Twist(part, value, slot)));
        }
    }

    private static Plan plan(Contract.Operation operation, Twist twist) {
        return new Plan(operation, List.of(twist));
    }

    private Plan randomPlan() {
        Contract.Operation operation = contract.operations().get(random.nextInt(contract.operations().size()));
        boolean takesBody = operation.definition().getRequestBody() != null;
        List<Twist> twists = new ArrayList<>();
        maybe(twists, 0.35, Part.ID, operation.parameters("path").size());
        if (chance(0.3)) {
            int slots = operation.parameters("query").size();
            maybe(twists, 1, slots > 0 && random.nextBoolean() ? Part.QUERY_VALUE : Part.QUERY_SHAPE, Math.max(slots, 1));
        }
        maybe(twists, takesBody ? 0.35 : 0.08, Part.BODY, 1);
        maybe(twists, takesBody ? 0.2 : 0.05, Part.CONTENT_TYPE, 1);
        maybe(twists, 0.25, Part.ACCEPT, 1);
        maybe(twists, 0.25, Part.KEY, 1);
        maybe(twists, 0.25, Part.SIGNATURE, operation.parameters("header").size());
        if (chance(0.12)) {
            List<Integer> methods = missingMethods(operation);
            if (random.nextBoolean() && !methods.isEmpty()) {
                twists.add(new Twist(Part.METHOD, methods.get(random.nextInt(methods.size())), 0));
            } else {
                maybe(twists, 1, Part.PATH, 1);
            }
        }
        return new Plan(operation, twists);
    }

    /** Adds a twist of {@code part} with a random value in a random one of {@code slots} slots, by chance. */
    private void maybe(List<Twist> twists, double probability, Part part, int slots) {
        if (slots > 0 && chance(probability)) {
            twists.add(new Twist(part, random.nextInt(hostile.count(part)), random.nextInt(slots)));
        }
    }

    /** The indexes in {@link HostileValues#METHODS} of the methods the operation's path does not have. */
    private List<Integer> missingMethods(Contract.Operation operation) {
        Set<String> known = contract.methods(operation.path());
        return IntStream.range(0, HostileValues.METHODS.size())
                .filter(i -> !known.contains(HostileValues.METHODS.get(i))).boxed().toList();
    }

    private FuzzRequest request(Plan plan) {
        Contract.Operation operation = plan.operation();
        List<String> mutations = new ArrayList<>();
        String method = operation.method();
        String path = path(operation, plan.twist(Part.ID), mutations);
        Optional<Twist> otherMethod = plan.twist(Part.METHOD);
        if (otherMethod.isPresent()) {
            method = HostileValues.METHODS.get(otherMethod.get().value());
            mutations.add("method " + method);
        }
        Optional<Twist> unknownPath = plan.twist(Part.PATH);
        if (unknownPath.isPresent()) {
            String segment = HostileValues.UNKNOWN_SEGMENTS.get(unknownPath.get().value());
            path = unknownPath.get().value() % 2 == 0 ? path + "/" + segment
                    : "/" + path.split("/")[1] + "/" + segment + "/" + segment;
            mutations.add("unknown path");
        }
        String target = path + query(operation, plan, mutations);

        String validBody = valid.body(operation);
        byte[] body = validBody == null ? null : validBody.getBytes(StandardCharsets.UTF_8);
        Optional<Twist> hostileBody = plan.twist(Part.BODY);
        if (hostileBody.isPresent()) {
            body = hostile.body(hostileBody.get().value(), validBody != null ? validBody : anyValidBody(), mutations);
            if (validBody == null) {
                mutations.add("a body where none is taken");
            }
        }

        List<Map.Entry<String, String>> headers = new ArrayList<>();
        add(headers, "Content-Type", plan.twist(Part.CONTENT_TYPE)
                .map(t -> hostile.contentType(t.value(), mutations)).orElse(body == null ? null : "application/json"));
        add(headers, "Accept", plan.twist(Part.ACCEPT).map(t -> hostile.accept(t.value(), mutations)).orElse(null));
        add(headers, Api.KEY_HEADER, plan.twist(Part.KEY)
                .map(t -> hostile.key(t.value(), valid.fixtures(), mutations)).orElse(valid.key(operation)));
        List<Parameter> headerParameters = operation.parameters("header");
        for (int slot = 0; slot < headerParameters.size(); slot++) {
            Parameter header = headerParameters.get(slot);
            Optional<Twist> signature = signatureTwist(plan, slot);
            add(headers, header.getName(), signature.isPresent()
                    ? hostile.signature(signature.get().value(), header.getName(), mutations)
                    : valid.headerParameter(header, body));
        }
        boolean matches = otherMethod.isEmpty() && unknownPath.isEmpty();
        return new FuzzRequest(method, target, List.copyOf(headers), body, matches ? operation : null,
                List.copyOf(mutations));
    }

    private static Optional<Twist> signatureTwist(Plan plan, int slot) {
        return plan.twists().stream().filter(t -> t.part() == Part.SIGNATURE && t.slot() == slot).findFirst();
    }

    /** The operation's path with real ids, the one in the twist's slot hostile. */
    private String path(Contract.Operation operation, Optional<Twist> twist, List<String> mutations) {
        List<Parameter> parameters = operation.parameters("path");
        String path = operation.path();
        for (int slot = 0; slot < parameters.size(); slot++) {
            String name = parameters.get(slot).getName();
            String id = valid.pathParameter(operation, name);
            if (twist.isPresent() && twist.get().slot() == slot) {
                ValidValues.Fixtures real = valid.fixtures();
                id = hostile.id(twist.get().value(), id,
                        List.of(real.tenantId(), real.contactId(), real.messageId(), real.spareKeyId()), mutations);
            }
            path = path.replace("{" + name + "}", id);
        }
        return path;
    }

    /** The query: the operation's parameters with valid values (each optional one half the time), one twisted. */
    private String query(Contract.Operation operation, Plan plan, List<String> mutations) {
        List<Parameter> parameters = operation.parameters("query");
        Optional<Twist> value = plan.twist(Part.QUERY_VALUE);
        List<String> pairs = new ArrayList<>();
        for (int slot = 0; slot < parameters.size(); slot++) {
            Parameter parameter = parameters.get(slot);
            String name = encode(parameter.getName());
            if (value.isPresent() && value.get().slot() == slot) {
                pairs.add(name + "=" + hostile.queryValue(value.get().value(), parameter.getName(), mutations));
            } else if (Boolean.TRUE.equals(parameter.getRequired()) || random.nextBoolean()) {
                pairs.add(name + "=" + encode(valid.queryParameter(parameter)));
            }
        }
        Optional<Twist> shape = plan.twist(Part.QUERY_SHAPE);
        if (shape.isPresent()) {
            String name = parameters.isEmpty() ? "limit" : parameters.get(shape.get().slot() % parameters.size()).getName();
            mutations.add("query " + name + ": " + HostileValues.QUERY_SHAPES.get(shape.get().value()));
            switch (shape.get().value()) {
                case 0 -> {
                    pairs.add(encode(name) + "=1");
                    pairs.add(encode(name) + "=2");
                }
                case 1 -> pairs.add(encode(name));
                case 2 -> pairs.add("api_key=" + encode(valid.fixtures().tenantKey()));
                default -> pairs.add("&&=&");
            }
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    /** A valid body of some operation that takes one: what a hostile body is made from where none is taken. */
    private String anyValidBody() {
        List<Contract.Operation> withBody = contract.operations().stream()
                .filter(o -> o.definition().getRequestBody() != null).toList();
        return valid.body(withBody.get(random.nextInt(withBody.size())));
    }

    private static void add(List<Map.Entry<String, String>> headers, String name, String value) {
        if (value != null) {
            headers.add(Map.entry(name, value));
        }
    }

    private boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
