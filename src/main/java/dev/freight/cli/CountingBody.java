package dev.freight.cli;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body that counts the bytes handed to the HTTP client, for the upload's progress, and
 * the line breaks among them: an estimate of the rows before the server knows how many there are.
 */
final class CountingBody implements HttpRequest.BodyPublisher {
    private final HttpRequest.BodyPublisher inner;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong lineBreaks = new AtomicLong();
    private volatile byte last = '\n';
    private volatile long subscribedNanos = System.nanoTime();

    CountingBody(HttpRequest.BodyPublisher inner) {
        this.inner = inner;
    }

    long sent() {
        return sent.get();
    }

    /** Since the client began to send the body (connected). */
    java.time.Duration sending() {
        return java.time.Duration.ofNanos(System.nanoTime() - subscribedNanos);
    }

    /** Lines sent: line breaks, and a last line without one. */
    long lines() {
        return lineBreaks.get() + (sent.get() > 0 && last != '\n' ? 1 : 0);
    }

    @Override
    public long contentLength() {
        return inner.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        subscribedNanos = System.nanoTime(); // connected: the upload's own time starts here
        sent.set(0); // a retried request sends the body again
        lineBreaks.set(0);
        inner.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer item) {
                int n = item.remaining();
                long breaks = 0;
                for (int i = item.position(); i < item.limit(); i++) if (item.get(i) == '\n') breaks++;
                if (n > 0) last = item.get(item.limit() - 1);
                lineBreaks.addAndGet(breaks);
                sent.addAndGet(n);
                subscriber.onNext(item);
            }

            @Override
            public void onError(Throwable throwable) {
                subscriber.onError(throwable);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }
}
