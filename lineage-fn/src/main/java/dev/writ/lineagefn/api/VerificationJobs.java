package dev.writ.lineagefn.api;


import dev.writ.audit.ChainVerdict;
import dev.writ.audit.Completeness;
import dev.writ.audit.LineageAudit;
import dev.writ.guard.lineage.LineageUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chain verifications as jobs with visible progress. A job runs on this instance's small pool and
 * lives in its memory: under {@code writ dev} (one process) a client can always poll it; in
 * Lambda, a poll may reach another instance (404 UNKNOWN_JOB) and a frozen instance pauses the job,
 * so there the caller waits for the result in the starting request (bounded below API Gateway's
 * 29 s) and long chains are verified with {@code writ lineage verify}.
 */
@Singleton
class VerificationJobs {
    static final int MAX_JOBS = 64;
    private final LineageAudit audit;
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "lineage-verify");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    VerificationJobs(LineageAudit audit) {
        this.audit = audit;
    }

    /** One verification: its progress while it runs, its verdict (or failure) when done. */
    static final class Job {
        final String id = UUID.randomUUID().toString();
        final String chain;
        final Instant started = Instant.now();
        final AtomicLong records = new AtomicLong();
        final CompletableFuture<ChainVerdict> result = new CompletableFuture<>();
        /** What the chain's records expect and never got; read once the result is done. */
        final Completeness completeness;
        volatile Instant finished;

        Job(String chain, long settledBefore) {
            this.chain = chain;
            this.completeness = new Completeness(settledBefore);
        }

        Optional<ChainVerdict> verdict() {
            return result.isDone() && !result.isCompletedExceptionally() ? Optional.of(result.join()) : Optional.empty();
        }

        boolean failed() {
            return result.isCompletedExceptionally();
        }
    }

    /** Starts verifying {@code chain}; records dated {@code settledBefore} (epoch ms) or later are not yet expected to be answered. */
    Job start(String chain, long settledBefore) {
        Job job = new Job(chain, settledBefore);
        synchronized (jobs) {
            if (jobs.size() >= MAX_JOBS) {
                // Forget the oldest finished job; refuse only when every slot is still running.
                String oldest = jobs.values().stream().filter(j -> j.result.isDone()).map(j -> j.id).findFirst()
                        .orElseThrow(() -> new ApiException(io.micronaut.http.HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_JOBS",
                                "too many verifications running; retry later"));
                jobs.remove(oldest);
            }
            jobs.put(job.id, job);
        }
        pool.execute(() -> {
            try {
                ChainVerdict v = audit.verifyChain(chain, (c, n) -> {
                    if (c.equals(chain)) {
                        job.records.set(n);
                    }
                }, job.completeness);
                job.records.set(v.recordsVerified());
                job.finished = Instant.now();
                job.result.complete(v);
            } catch (RuntimeException e) {
                job.finished = Instant.now();
                job.result.completeExceptionally(e);
            }
        });
        return job;
    }

    Optional<Job> find(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    /** Waits up to {@code wait} for the job to finish; true when it did. */
    static boolean await(Job job, Duration wait) {
        try {
            job.result.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return job.result.isDone();
        }
    }

    /** The failure of a failed job: a table that could not be read is reported as such. */
    static boolean unavailable(Job job) {
        try {
            job.result.join();
            return false;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() instanceof LineageUnavailableException;
        }
    }

    @PreDestroy
    void close() {
        pool.shutdownNow();
    }
}
