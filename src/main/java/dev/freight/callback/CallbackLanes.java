package dev.freight.callback;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs callback deliveries one lane per workspace: a workspace's deliveries go one after another,
 * in order, while other workspaces' go on beside them, at most {@code concurrency} at once on the
 * node. A tenant whose receiver is slow holds up only its own lane, and each delivery has a
 * deadline ({@link CallbackSender}), so it holds that lane for a bounded time.
 */
final class CallbackLanes {
    private static final Logger log = LoggerFactory.getLogger(CallbackLanes.class);

    private final Map<String, Deque<Runnable>> lanes = new HashMap<>(); // a lane is here while its thread runs
    private final Semaphore running;
    private volatile boolean closed;

    CallbackLanes(int concurrency) {
        this.running = new Semaphore(concurrency, true);
    }

    /** Queues {@code delivery} at the end of {@code lane}, starting the lane when it was idle. */
    synchronized void submit(String lane, Runnable delivery) {
        if (closed) return; // still owed in the store: the next start resumes it
        Deque<Runnable> queue = lanes.get(lane);
        if (queue != null) {
            queue.add(delivery);
            return;
        }
        queue = new ArrayDeque<>();
        queue.add(delivery);
        lanes.put(lane, queue);
        Thread.ofVirtual().name("freight-callbacks-" + lane).start(() -> drain(lane));
    }

    private void drain(String lane) {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = closed ? null : lanes.get(lane).poll();
                if (next == null) {
                    lanes.remove(lane);
                    return;
                }
            }
            running.acquireUninterruptibly();
            try {
                next.run();
            } catch (RuntimeException e) {
                log.warn("callback delivery in lane {} failed", lane, e);
            } finally {
                running.release();
            }
        }
    }

    /** Takes no more deliveries; those queued stay owed in the store. */
    synchronized void close() {
        closed = true;
    }
}
