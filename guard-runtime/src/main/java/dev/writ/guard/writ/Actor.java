package dev.writ.guard.writ;

import dev.writ.core.json.JsonMembers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code act} claim of RFC 8693 §4.1: who is acting for the writ's subject. In a hop's writ,
 * {@code sub} is the function that asked for it, and a nested {@code act} names the function before
 * it, so the chain reads newest first: {@code {"sub":"ledger-post caller","act":{"sub":"..."}}}.
 *
 * @param subject the acting party ({@code sub})
 * @param prior   the party that acted before it, if any (the nested {@code act})
 */
public record Actor(String subject, Optional<Actor> prior) {

    /** Deepest nesting a writ may carry; a longer chain is malformed, not truncated. */
    public static final int MAX_DEPTH = 32;

    public Actor {
        if (subject == null || subject.isEmpty()) {
            throw new MalformedWritException("act.sub must be a non-empty string");
        }
        Objects.requireNonNull(prior, "prior");
        if (prior.isPresent() && prior.get().depth() >= MAX_DEPTH) {
            throw new MalformedWritException("act nests deeper than " + MAX_DEPTH);
        }
    }

    /** An actor with no one before it. */
    public static Actor of(String subject) {
        return new Actor(subject, Optional.empty());
    }

    /** {@code next} acting after this chain: the new outermost actor. */
    public Actor then(String next) {
        return new Actor(next, Optional.of(this));
    }

    /** How many actors the chain holds (1 for a single actor). */
    public int depth() {
        return 1 + prior.map(Actor::depth).orElse(0);
    }

    /** The subjects, newest first. */
    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        for (Optional<Actor> a = Optional.of(this); a.isPresent(); a = a.get().prior) {
            out.add(a.get().subject);
        }
        return out;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sub", subject);
        prior.ifPresent(p -> json.put("act", p.toJson()));
        return json;
    }

    static Actor fromJson(JsonMembers act) {
        return fromJson(act, 1);
    }

    private static Actor fromJson(JsonMembers act, int depth) {
        if (depth > MAX_DEPTH) {
            throw new MalformedWritException("act nests deeper than " + MAX_DEPTH);
        }
        JsonMembers prior = act.object("act");
        return new Actor(act.requiredString("sub"), prior == null ? Optional.empty() : Optional.of(fromJson(prior, depth + 1)));
    }
}
