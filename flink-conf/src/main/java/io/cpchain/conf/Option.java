package io.cpchain.conf;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a job config record's component as a setting: everything about it is said here once, and
 * {@link JobOptions} derives parsing, {@code toArgs}, the listing in errors and {@code toString} from
 * it. The component's type says how the value is read and checked: {@code String} (not blank),
 * {@code int} and {@code long} (positive whole numbers), {@code boolean} ({@code true}/{@code false}),
 * {@link java.time.Duration} (as {@link Durations} reads it).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Option {

  /** As written in properties files and as {@code --name} on the command line. */
  String name();

  /** The default, written as in a properties file (e.g. {@code 5s}, {@code 2}, {@code telemetry.raw}). */
  String defaultValue();

  /** What the setting means, for people reading the listing. */
  String description();

  /** A credential: {@code toString} shows it as {@code ***}, since configs end up in logs. */
  boolean secret() default false;
}
