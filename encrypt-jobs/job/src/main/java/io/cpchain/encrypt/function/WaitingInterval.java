package io.cpchain.encrypt.function;

/**
 * An interval waiting in keyed state for its owner's epoch key, and the processing time at which it
 * goes to the dead letters if the key has not come by then.
 */
public record WaitingInterval(ClosedInterval interval, long deadlineMs) {}
