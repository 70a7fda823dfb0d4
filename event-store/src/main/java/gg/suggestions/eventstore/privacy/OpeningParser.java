package gg.suggestions.eventstore.privacy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;

/**
 * A payload's parser whose sealed string values read opened, as {@link Sealing#open} opens them in
 * a tree: a value in an object (at any depth of objects, not in an array) named by its path of
 * field names. Every way a deserializer reads a string goes through {@link #getText}.
 */
final class OpeningParser extends JsonParserDelegate {

  private final Sealing sealing;

  OpeningParser(JsonParser parser, Sealing sealing) {
    super(parser);
    this.sealing = sealing;
  }

  @Override
  public String getText() throws IOException {
    String text = delegate.getText();
    if (currentToken() != JsonToken.VALUE_STRING || !FieldCipher.isSealed(text)) {
      return text;
    }
    String path = path(delegate.getParsingContext());
    return path == null ? text : sealing.openValue(path, text);
  }

  /** The field names from the payload down to the current value; null if it is in an array. */
  private static String path(JsonStreamContext context) {
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (!c.inObject() || c.getCurrentName() == null) {
        return null;
      }
      path.insert(0, path.length() == 0 ? c.getCurrentName() : c.getCurrentName() + ".");
    }
    return path.toString();
  }

  @Override
  public String getValueAsString() throws IOException {
    return currentToken() == JsonToken.VALUE_STRING ? getText() : delegate.getValueAsString();
  }

  @Override
  public String getValueAsString(String defaultValue) throws IOException {
    return currentToken() == JsonToken.VALUE_STRING
        ? getText()
        : delegate.getValueAsString(defaultValue);
  }

  @Override
  public String nextTextValue() throws IOException {
    return nextToken() == JsonToken.VALUE_STRING ? getText() : null;
  }

  /** Readers that would take the characters directly take {@link #getText} instead. */
  @Override
  public boolean hasTextCharacters() {
    return false;
  }

  @Override
  public char[] getTextCharacters() throws IOException {
    return getText().toCharArray();
  }

  @Override
  public int getTextLength() throws IOException {
    return getText().length();
  }

  @Override
  public int getTextOffset() {
    return 0;
  }
}
