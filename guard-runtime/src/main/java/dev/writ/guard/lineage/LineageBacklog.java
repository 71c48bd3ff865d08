package dev.writ.guard.lineage;

import dev.writ.core.json.Json;
import dev.writ.guard.lineage.internal.LambdaExtension;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lineage records written after the invocation's response instead of before it, so a request
 * waits for at most one lineage write (the guard's {@code verification} record). In Lambda, an
 * internal extension ({@code LambdaExtension}, registered when the backlog is created, at init)
 * keeps the invocation open until the deferred records are written, so the environment is not
 * frozen with records only in memory; elsewhere (tests, {@code writ dev}) they are written when
 * the caller reports the invocation ended, before it returns.
 *
 * <p>A deferred record is never dropped: when the write fails, it stays here, one {@code ALARM}
 * line is logged, and {@link #writePending()}, which every invocation calls first, writes it
 * before anything else (the caller refuses the invocation with {@code LINEAGE_UNAVAILABLE} while
 * it cannot). In Lambda, what is still here when the environment shuts down ({@code SIGTERM}) is
 * written once more before the process ends, or logged lost ({@code ALARM}). What a crash
 * ({@code SIGKILL}) can lose is what is here: the records of the invocation that just answered
 * (plus the refusals of invocations that came after a failed write). Thread-safe.
 */
public final class LineageBacklog {
    private final LineageRecorder recorder;
    private final Optional<LambdaExtension> extension;
    private final PrintStream alarms;
    private final List<LineageRecord.Draft> pending = new ArrayList<>();
    private final Object writing = new Object();

    LineageBacklog(LineageRecorder recorder, Optional<LambdaExtension> extension, PrintStream alarms) {
        this.recorder = recorder;
        this.extension = extension;
        this.alarms = alarms;
        extension.ifPresent(e -> {
            e.afterEachResponse(this::writeAfterResponse);
            e.atShutdown(this::writeAtShutdown);
        });
    }

    /**
     * A backlog writing to {@code recorder}; inside Lambda ({@code AWS_LAMBDA_RUNTIME_API} set) it
     * writes after each response through this process's lineage extension, registered on the
     * first call, which must be during init.
     */
    public static LineageBacklog create(LineageRecorder recorder) {
        return new LineageBacklog(recorder, LambdaExtension.forProcess(), System.out);
    }

    /** The recorder, for the one synchronous record an invocation waits for. */
    public LineageRecorder recorder() {
        return recorder;
    }

    /**
     * Queues a record to be written once the invocation has answered.
     *
     * @throws IllegalArgumentException when the draft could never be written (no function to pick
     *     its chain, or a checkpoint); nothing is queued then
     */
    public void defer(LineageRecord.Draft draft) {
        if (draft.function().isEmpty() || draft.type() == LineageRecord.Type.CHECKPOINT) {
            throw new IllegalArgumentException("a deferred lineage draft needs a function and must not be a checkpoint");
        }
        synchronized (pending) {
            pending.add(draft);
        }
    }

    /**
     * The invocation has its answer: without the extension its deferred records are written now
     * (a failure keeps them and logs an alarm); with it, the extension is told {@code requestId}
     * (the Lambda request id; null when the caller does not know it, see {@link #responded}).
     */
    public void invocationEnded(String requestId) {
        if (extension.isPresent()) {
            extension.get().responded(requestId);
        } else {
            writeAfterResponse();
        }
    }

    /**
     * Tells this process's lineage extension, if one was registered, that invocation
     * {@code requestId} has its response: for a handler that knows the request id where the
     * backlog's user does not (the authorizer functions). Never registers an extension.
     */
    public static void responded(String requestId) {
        LambdaExtension.ifRegistered().ifPresent(e -> e.responded(requestId));
    }

    /** The number of records waiting to be written. */
    public int size() {
        synchronized (pending) {
            return pending.size();
        }
    }

    /**
     * Writes what is waiting (one request per chain); no I/O when nothing is. Called first by every
     * invocation, which is refused while this throws.
     *
     * @throws LineageUnavailableException when the records cannot be written; they stay queued
     */
    public void writePending() {
        synchronized (writing) {
            List<LineageRecord.Draft> drafts;
            synchronized (pending) {
                drafts = List.copyOf(pending);
            }
            if (drafts.isEmpty()) {
                return;
            }
            try {
                recorder.appendAll(drafts);
                forget(drafts);
            } catch (LineageUnavailableException e) {
                forgetStored(e.appended());
                throw e;
            }
        }
    }

    /**
     * {@link #writePending()} with its failure as a value, for an invocation that refuses while
     * earlier records wait: empty when nothing is left waiting, else why it could not be written
     * (the records stay queued).
     */
    public Optional<String> writePendingOrFailure() {
        try {
            writePending();
            return Optional.empty();
        } catch (LineageUnavailableException e) {
            return Optional.of(e.getMessage());
        }
    }

    private void writeAfterResponse() {
        writePendingOrFailure().ifPresent(error -> alarm("deferred lineage records not written; kept, and the next"
                + " invocation is refused (LINEAGE_UNAVAILABLE) until they are", error));
    }

    /** The environment shuts down: the last chance for what waits here; what fails now is lost, and said so. */
    private void writeAtShutdown() {
        writePendingOrFailure().ifPresent(error -> alarm("deferred lineage records not written before the process"
                + " ended: they are lost, and the auditor names their executions", error));
    }

    private void alarm(String message, String error) {
        Map<String, Object> alarm = new LinkedHashMap<>();
        alarm.put("writ", "lineage");
        alarm.put("level", "ALARM");
        alarm.put("message", message);
        alarm.put("pending", size());
        alarm.put("error", error);
        String line = Json.write(alarm);
        synchronized (alarms) {
            alarms.println(line);
        }
    }

    private void forget(List<LineageRecord.Draft> written) {
        synchronized (pending) {
            pending.subList(0, written.size()).clear();
        }
    }

    /** Removes the drafts {@code stored} were sealed from (a failed batch names what it stored before failing). */
    private void forgetStored(List<LineageRecord> stored) {
        synchronized (pending) {
            for (LineageRecord r : stored) {
                for (Iterator<LineageRecord.Draft> it = pending.iterator(); it.hasNext(); ) {
                    LineageRecord.Draft d = it.next();
                    if (d.type() == r.type() && d.ts() == r.ts() && d.text().equals(r.text())) {
                        it.remove();
                        break;
                    }
                }
            }
        }
    }
}
