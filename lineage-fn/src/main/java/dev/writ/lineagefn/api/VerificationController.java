package dev.writ.lineagefn.api;

import dev.writ.audit.Completeness;
import dev.writ.lineagefn.config.CheckpointKeys;
import dev.writ.lineagefn.query.LineageQueries;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Chain verification: {@code POST /api/chains/{chain}/verifications?wait=S} starts a job and waits
 * up to S seconds (default 20, at most 25: below API Gateway's 29 s limit). Done in time: 200 with
 * the verdict. Still running: 202 with progress and a {@code Location} to poll
 * ({@code GET /api/verifications/{id}}). See {@link VerificationJobs} for where jobs live. A done
 * job also reports the chain's Completeness findings ({@code incomplete}), records older than
 * {@code settle} seconds (default 900) that expect an answer no chain holds.
 */
@Controller(produces = MediaType.APPLICATION_JSON)
class VerificationController {
    static final int DEFAULT_WAIT_S = 20;
    static final int MAX_WAIT_S = 25;
    /** Lambda's longest timeout: a writ issued less than this ago may still be presented (the CLI's --settle default). */
    static final long DEFAULT_SETTLE_S = 900;
    static final long MAX_SETTLE_S = 366L * 24 * 3600;

    private final VerificationJobs jobs;
    private final LineageQueries queries;
    private final CheckpointKeys keys;

    VerificationController(VerificationJobs jobs, LineageQueries queries, CheckpointKeys keys) {
        this.jobs = jobs;
        this.queries = queries;
        this.keys = keys;
    }

    @Post(value = "/api/chains/{chain}/verifications", consumes = MediaType.ALL)
    HttpResponse<Map<String, Object>> start(@PathVariable String chain, @Nullable @QueryValue String wait,
                                            @Nullable @QueryValue String settle) {
        Params.id("chain", chain);
        long waitS = Params.nonNegative("wait", wait, DEFAULT_WAIT_S);
        long settleS = Params.nonNegative("settle", settle, DEFAULT_SETTLE_S);
        if (settleS > MAX_SETTLE_S) {
            throw ApiException.badRequest("BAD_RANGE", "settle is at most " + MAX_SETTLE_S + " seconds");
        }
        if (waitS > MAX_WAIT_S) {
            throw ApiException.badRequest("BAD_RANGE", "wait is at most " + MAX_WAIT_S + " seconds");
        }
        boolean exists = queries.chainExists(chain);
        VerificationJobs.Job job = jobs.start(chain, System.currentTimeMillis() - settleS * 1000);
        // A chain with no records is unknown, unless a checkpoint pinned it (then it was truncated): wait for that answer.
        boolean done = VerificationJobs.await(job, Duration.ofSeconds(exists ? waitS : MAX_WAIT_S));
        if (done && job.failed()) {
            throw failure(job);
        }
        if (done && !exists && job.verdict().map(v -> v.intact() && v.recordsVerified() == 0).orElse(false)) {
            throw ApiException.notFound("UNKNOWN_CHAIN", "no chain named " + chain);
        }
        URI location = URI.create("/api/verifications/" + job.id);
        return HttpResponse.<Map<String, Object>>status(done ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .header("Location", location.toString()).body(view(job));
    }

    @Get("/api/verifications/{id}")
    Map<String, Object> poll(@PathVariable String id) {
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("BAD_ID", "a verification id is a UUID");
        }
        VerificationJobs.Job job = jobs.find(id).orElseThrow(() -> ApiException.notFound("UNKNOWN_JOB",
                "no verification " + id + " on this instance (jobs live in one instance's memory; start a new one)"));
        if (job.failed()) {
            throw failure(job);
        }
        return view(job);
    }

    private static ApiException failure(VerificationJobs.Job job) {
        return VerificationJobs.unavailable(job)
                ? new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "LINEAGE_UNAVAILABLE", "the lineage table cannot be read now; retry later")
                : new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "verification failed unexpectedly; see the function's log");
    }

    private Map<String, Object> view(VerificationJobs.Job job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id);
        m.put("chain", job.chain);
        m.put("state", job.result.isDone() ? "done" : "running");
        m.put("recordsVerified", job.records.get());
        m.put("startedAt", job.started.toString());
        if (job.finished != null) {
            m.put("finishedAt", job.finished.toString());
        }
        // Without a checkpoint key nothing pins the chain's head: say so rather than imply more.
        m.put("checkpointKey", keys.keyId().orElse("none"));
        m.put("truncationDetectable", keys.keyId().isPresent());
        job.verdict().ifPresent(v -> {
            Map<String, Object> verdict = Views.verdict(v);
            m.put("intact", v.intact());
            m.put("verdict", verdict);
            List<Completeness.Finding> missing = job.completeness.findings();
            m.put("complete", missing.isEmpty());
            m.put("incomplete", missing.stream().map(Completeness.Finding::toMap).toList());
        });
        return m;
    }
}
