package dev.signals.core.json;

/** Client JSON that does not parse or does not have the expected shape; names the bad field. */
public final class JsonShapeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String field;

    public JsonShapeException(String field, String problem) {
        super(field == null ? problem : field + " " + problem, null, false, false);
        this.field = field;
    }

    /** The offending field, or {@code null} when the document itself is the problem. */
    public String field() {
        return field;
    }
}
