package dev.writ.guard;

/**
 * Implemented by a direct-invoke input type that carries its writ, so a typed
 * {@code RequestHandler<MyInput, O>} can be guarded without a map envelope.
 */
public interface WritCarrier {
    /** The compact writ, or null when the caller sent none. */
    String writ();
}
