package dev.writ.guard;

import com.amazonaws.services.lambda.runtime.Context;
import dev.writ.guard.writ.Writ;

/**
 * User code for one record of a batch, run only after that record's writ verified.
 *
 * @param <R> the record type
 */
@FunctionalInterface
public interface GuardedRecordFunction<R> {
    /** Handles one record; throwing reports the record as failed, and the batch goes on. */
    void handle(R record, Context context, Writ writ) throws Exception;
}
