package io.cpchain.conf;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a job config record's component as a group of settings: its type is itself a record of
 * {@link Option}s (settings several jobs share, declared once there), whose settings are the job's
 * own, with their own names, in files and flags alike.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface OptionGroup {}
