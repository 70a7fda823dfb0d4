package gg.suggestions.eventstore.contract.suggestion;

/**
 * The one image a suggestion may carry: a Discord attachment.
 *
 * @param url where Discord serves it
 * @param fileName its name, whose extension tells its type
 * @param sizeBytes its size
 */
public record SuggestionImage(String url, String fileName, long sizeBytes) {}
