package gg.suggestions.gateway.command;

/** Option names, shared by registration and parsing so the two cannot disagree. */
public final class Options {

  public static final String TEXT = "suggestion";
  public static final String IMAGE = "image";
  public static final String ANONYMOUSLY = "anonymously";
  public static final String SUGGESTION_ID = "suggestion_id";
  public static final String RESPONSE = "response";
  public static final String NOTE = "note";
  public static final String USER = "user";
  public static final String SETTING = "setting";
  public static final String ENABLED = "enabled";
  public static final String CHANNEL = "channel";
  public static final String LOCALE = "locale";
  public static final String FILTER = "filter";
  public static final String CONFIRM = "confirm";

  private Options() {}
}
