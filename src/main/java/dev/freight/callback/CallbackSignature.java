package dev.freight.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a callback proves where it comes from, the way Stripe and Standard Webhooks sign theirs:
 * {@code Freight-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">} with the
 * workspace's secret (the secret's text, UTF-8, is the key). After a rotation a second {@code v1}
 * carries the previous secret's signature for a while; a receiver accepts the delivery when any
 * {@code v1} matches, and refuses a {@code t} too far from its clock (a replay).
 */
public final class CallbackSignature {
    public static final String DELIVERY = "Freight-Delivery";
    public static final String TIMESTAMP = "Freight-Timestamp";
    public static final String SIGNATURE = "Freight-Signature";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CallbackSignature() {}

    /** A new secret: {@code fcs_} and 40 random characters (238 bits). */
    public static String newSecret() {
        StringBuilder sb = new StringBuilder("fcs_");
        for (int i = 0; i < 40; i++) sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return sb.toString();
    }

    /** The {@code Freight-Signature} value for a body sent at {@code unixSeconds}, one {@code v1} per secret. */
    public static String header(long unixSeconds, byte[] body, List<String> secrets) {
        StringBuilder sb = new StringBuilder("t=").append(unixSeconds);
        for (String s : secrets) sb.append(",v1=").append(hmac(s, unixSeconds, body));
        return sb.toString();
    }

    /** The hex HMAC-SHA256 of {@code "<t>.<body>"} under {@code secret}. */
    public static String hmac(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
