/*
 * A drop-in replacement for org.rapaio.jupyter.kernel.channels.ControlChannel of rapaio-jupyter-kernel 3.0.1
 * (MIT licence, Copyright 2023-2026 Aurelian Tutuianu), compiled by environment/setup.sh against the kernel jar and
 * put ahead of it on the class path (see LoopThread.java beside it). Same constructor and methods; one change:
 *
 *   interrupt_request no longer takes over the message context of the cell being interrupted. rapaio 3.0.1 handles
 *   control messages through the same "current message" slot as the shell (Channels.setMsgId), so while a cell runs
 *   an interrupt made the cell's execute_reply and its idle status carry the interrupt's header as parent, and sent
 *   the interrupt_reply on the shell socket: JupyterLab never saw the cell finish and showed it running ([*]) for
 *   ever. Here the interrupt is answered on the control socket with its own header as parent, and only the running
 *   cell is cancelled (RapaioExecutionControl.interrupt: its thread is interrupted and the cell ends with "Execution
 *   interrupted"). rapaio's own JavaEngine.interrupt also shut down the engine's executor and stopped JShell, after
 *   which every later cell ran without output; the kernel now stays usable. Code that ignores thread interruption (a
 *   busy loop) keeps running in the background until the kernel restarts: since JDK 20 a thread cannot be stopped.
 *
 * Every other control message (shutdown_request for a restart) goes to the kernel's handler exactly as before.
 */
package org.rapaio.jupyter.kernel.channels;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.java.JavaEngine;
import org.rapaio.jupyter.kernel.core.java.RapaioExecutionControl;
import org.rapaio.jupyter.kernel.core.java.RapaioExecutionControlProvider;
import org.rapaio.jupyter.kernel.message.HMACDigest;
import org.rapaio.jupyter.kernel.message.Message;
import org.rapaio.jupyter.kernel.message.MessageType;
import org.rapaio.jupyter.kernel.message.messages.ControlInterruptReply;
import org.rapaio.org.zeromq.SocketType;
import org.rapaio.org.zeromq.ZMQ;

public final class ControlChannel extends AbstractChannel {

    private static final Logger LOGGER = Logger.getLogger(ControlChannel.class.getSimpleName());
    /** Milliseconds between two polls of the socket (rapaio's value). */
    private static final long POLL_PAUSE_MS = 50;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private volatile LoopThread loop;

    public ControlChannel(Channels channels, ZMQ.Context context, HMACDigest hmacGenerator) {
        super(channels, "ControlChannel", context, SocketType.ROUTER, hmacGenerator);
    }

    @Override
    public void bind(ConnectionProperties connProps) {
        if (loop != null) {
            throw new IllegalStateException("Channel already bound.");
        }
        String address = connProps.formatAddress(connProps.controlPort());
        LOGGER.info(logPrefix + "Binding to " + address);
        socket.bind(address);
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
        loop = new LoopThread("Control-" + THREADS.getAndIncrement(), POLL_PAUSE_MS, () -> {
            if (poller.poll(0) > 0) {
                dispatch(readMessage());
            }
        });
        loop.start();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void dispatch(Message<?> message) {
        MessageType<?> type = message.header().type();
        if (type == MessageType.CONTROL_INTERRUPT_REQUEST) {
            LOGGER.info(logPrefix + "Handling message: " + type.name() + " (on its own message context)");
            try {
                sendMessage(new Message<>(message.getId(), MessageType.CONTROL_INTERRUPT_REPLY, new ControlInterruptReply()));
                cancelRunningCell();
            } catch (Exception e) {
                LOGGER.severe(logPrefix + "Exception handling " + type.name() + ". " + e.getClass().getSimpleName()
                        + ": " + e.getLocalizedMessage());
            }
            return;
        }
        MessageHandler handler = channels.getHandler(type);
        if (handler == null) {
            LOGGER.severe(logPrefix + "Unhandled message: " + type.name());
            return;
        }
        LOGGER.info(logPrefix + "Handling message: " + type.name());
        channels.setMsgId(message.getId());
        try {
            handler.handle(message);
        } catch (Exception e) {
            LOGGER.severe(logPrefix + "Exception handling " + type.name() + ". " + e.getClass().getSimpleName() + ": "
                    + e.getLocalizedMessage());
        } finally {
            channels.runAfterActions();
        }
        if (channels.isMarkedForShutdown()) {
            LOGGER.info(logPrefix + "Shutting down connection marked for shutdown.");
            channels.close();
        }
    }

    /** Interrupts the thread of the cell that runs now (if any), leaving the engine and JShell as they are. */
    private static void cancelRunningCell() throws ReflectiveOperationException {
        JavaEngine engine = MainApp.kernel.javaEngine();
        RapaioExecutionControlProvider provider = (RapaioExecutionControlProvider) field(engine, "controlProvider");
        RapaioExecutionControl control = provider.getRegisteredControl((String) field(engine, "executionId"));
        if (control != null) {
            control.interrupt();
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(owner);
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.shutdown();
        }
        super.close();
    }

    @Override
    public void joinUntilClose() {
        if (loop != null) {
            try {
                loop.join();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
