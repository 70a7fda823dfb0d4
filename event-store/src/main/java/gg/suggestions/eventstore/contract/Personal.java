package gg.suggestions.eventstore.contract;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Personal data (docs/privacy.md): on the log this component is sealed with the data key of the
 * member whose Discord id is in the component {@link #of()} of the same record, and when that
 * member is forgotten nobody can read it again. On an id component ({@code of} names itself) the id
 * is the member; on a text or a nested record, every text in it is theirs.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Personal {

  /** The record component that holds the member's id. */
  String of();
}
