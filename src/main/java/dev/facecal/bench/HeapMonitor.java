package dev.facecal.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches heap use through GC notifications: heap in use only grows between collections, so its peak over a span is
 * the largest "before GC" total (or the use at the end of the span).
 */
public final class HeapMonitor implements NotificationListener, AutoCloseable {
    /**
     * Heap in use over a span.
     *
     * @param peakUsed    the most seen (before a GC, or at the end)
     * @param maxAfterGc  the most left after a GC
     * @param collections collections during the span
     */
    public record Use(long peakUsed, long maxAfterGc, long collections) {}

    private final Set<String> heapPools = new HashSet<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private long peak, maxAfter, seen, spanStart;

    public HeapMonitor() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) heapPools.add(p.getName());
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter em) {
                em.addNotificationListener(this, null, null);
                emitters.add(em);
            }
        }
    }

    /** Collects garbage left by earlier work, then starts a span. */
    public void start() {
        System.gc();
        awaitNotifications();
        synchronized (this) {
            peak = used();
            maxAfter = 0;
            spanStart = seen;
        }
    }

    /** Ends the span. */
    public Use stop() {
        long now = used();
        awaitNotifications();
        synchronized (this) {
            return new Use(Math.max(peak, now), maxAfter, seen - spanStart);
        }
    }

    private static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(c -> c > 0).sum();
    }

    /** Notifications arrive on another thread; wait (briefly) until all collections so far were seen. */
    private void awaitNotifications() {
        long want = collections();
        long deadline = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (seen >= want) return;
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long before = sum(info.getGcInfo().getMemoryUsageBeforeGc());
        long after = sum(info.getGcInfo().getMemoryUsageAfterGc());
        synchronized (this) {
            seen++;
            peak = Math.max(peak, before);
            maxAfter = Math.max(maxAfter, after);
        }
    }

    private long sum(Map<String, MemoryUsage> usage) {
        return usage.entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed()).sum();
    }

    @Override
    public void close() {
        for (NotificationEmitter em : emitters) {
            try {
                em.removeNotificationListener(this);
            } catch (javax.management.ListenerNotFoundException e) {
                // already gone
            }
        }
    }
}
