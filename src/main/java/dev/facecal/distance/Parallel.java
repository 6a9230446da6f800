package dev.facecal.distance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** Runs numbered tasks on a few platform threads, the caller included; tasks are taken in increasing order. */
final class Parallel {
    private Parallel() {}

    /** {@code requested} threads, or every available processor for 0. */
    static int threads(int requested) {
        if (requested < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = all processors), got " + requested);
        }
        return requested == 0 ? Runtime.getRuntime().availableProcessors() : requested;
    }

    /**
     * Calls {@code worker.run(next)} on {@code min(threads, tasks)} threads; each worker pulls task numbers from
     * {@code next} until it returns {@code tasks} or more. The first exception thrown is rethrown here.
     */
    static void run(int tasks, int threads, Worker worker) {
        AtomicInteger next = new AtomicInteger();
        int n = Math.max(1, Math.min(threads, tasks));
        if (n == 1) {
            worker.run(next::getAndIncrement);
            return;
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable body = () -> {
            try {
                worker.run(() -> failure.get() == null ? next.getAndIncrement() : Integer.MAX_VALUE);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        List<Thread> started = new ArrayList<>();
        for (int t = 1; t < n; t++) {
            started.add(Thread.ofPlatform().name("facecal-distance-" + t).daemon().start(body));
        }
        body.run();
        boolean interrupted = false;
        for (Thread t : started) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    /** Runs {@code task} for every task number below {@code tasks}. */
    static void forEach(int tasks, int threads, IntConsumer task) {
        run(tasks, threads, next -> {
            for (int t = next.getAsInt(); t < tasks; t = next.getAsInt()) {
                task.accept(t);
            }
        });
    }

    /** A worker: takes task numbers from {@code next} until they run out; per-thread state lives in it. */
    @FunctionalInterface
    interface Worker {
        void run(java.util.function.IntSupplier next);
    }
}
