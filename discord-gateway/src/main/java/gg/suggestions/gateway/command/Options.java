package gg.suggestions.gateway.command;

/** Option names, shared by registration and parsing so the two cannot disagree. */
public final class Options {

  public static final String TEXT = "suggestion";
  public static final String IMAGE = "image";
  public static final String ANONYMOUSLY = "anonymously";
  public static final String SUGGESTION_ID = "suggestion_id";
  public static final String RESPONSE = "response";
  public static final String NOTE = "note";

  private Options() {}
}
