/*
 * A drop-in replacement for org.rapaio.jupyter.kernel.channels.LoopThread of rapaio-jupyter-kernel 3.0.1
 * (MIT licence, Copyright 2023-2026 Aurelian Tutuianu). environment/setup.sh compiles it into
 * ~/.cache/facecal/kernels/ and puts it ahead of the kernel jar on the class path, so the JVM loads this class
 * instead of the jar's. Same constructor and methods; two start-up races fixed:
 *
 *  1. The original start() calls Thread.start() and only then sets `running = true`, so a freshly started loop can
 *     read `running == false` and end before its first turn. On a busy machine the shell, control or heartbeat
 *     loop of a new kernel then never runs and the kernel never answers ("Kernel didn't respond in 60 seconds").
 *     Here `running` is set before the thread starts.
 *  2. The channels start their loops while the kernel is still binding sockets and before it registers its
 *     message handlers; a kernel_info_request that arrives in that moment kills the shell loop with a
 *     NullPointerException in Channels.getHandler. Here each loop waits START_DELAY_MS before its first turn
 *     (messages wait in the ZeroMQ socket meanwhile).
 */
package org.rapaio.jupyter.kernel.channels;

/**
 * Thread which runs in loop the loop body after each waiting period.
 */
public final class LoopThread extends Thread {

    /** How long a loop waits before its first turn, for the kernel to finish connecting its channels. */
    static final long START_DELAY_MS = 300;

    private volatile boolean running = false;
    private final long sleep;
    private final Runnable loopBody;

    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.sleep = sleep;
        this.loopBody = loopBody;
    }

    @Override
    public void run() {
        try {
            Thread.sleep(START_DELAY_MS);
        } catch (InterruptedException e) {
            running = false;
            return;
        }
        while (running) {
            loopBody.run();
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                running = false;
                return;
            }
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        super.start();
    }

    public void shutdown() {
        running = false;
    }
}
