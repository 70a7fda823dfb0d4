package gg.suggestions.eventstore.contract.suggestion;

/**
 * The one image a suggestion may carry: a Discord attachment.
 *
 * @param url where Discord serves it
 * @param fileName its name, whose extension tells its type
 * @param sizeBytes its size
 */
public record SuggestionImage(String url, String fileName, long sizeBytes) {

  /**
   * An image the old bot kept only the address of: its name is the address's last part, its size
   * unknown (0); {@code null} without an address.
   */
  public static SuggestionImage ofAddress(String url) {
    if (url == null) {
      return null;
    }
    String path = url.replaceFirst("[?#].*$", "");
    return new SuggestionImage(url, path.substring(path.lastIndexOf('/') + 1), 0);
  }
}
