package dev.freight.compat.yesmail;

/**
 * The Yesmail dialect's settings ({@code --yesmail-max-body}).
 *
 * @param maxBody the largest import body, in bytes (the vendor's 2 MB)
 */
public record YesmailSettings(long maxBody) {
    public static final long MAX_BODY = 2_000_000;
    public static final YesmailSettings DEFAULTS = new YesmailSettings(MAX_BODY);
}
