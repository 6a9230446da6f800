/*
 * A drop-in replacement for org.rapaio.jupyter.kernel.channels.ShellChannel of rapaio-jupyter-kernel 3.0.1
 * (MIT licence, Copyright 2023-2026 Aurelian Tutuianu), compiled by environment/setup.sh against the kernel jar and
 * put ahead of it on the class path (see LoopThread.java beside it). Same constructor and methods; one change:
 *
 *   history_request is answered. rapaio 3.0.1 only logs "ShellHistoryRequest not implemented" and sends neither a
 *   reply nor busy/idle; JupyterLab 4 asks for the history when a notebook opens and shows the kernel status as
 *   "Unknown" until the first cell runs. Here the request gets what the messaging specification allows a kernel
 *   without stored history to send: busy, a history_reply {"status": "ok", "history": []}, idle.
 *
 * Every other message goes to the kernel's handler exactly as before.
 */
package org.rapaio.jupyter.kernel.channels;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.message.ContentType;
import org.rapaio.jupyter.kernel.message.HMACDigest;
import org.rapaio.jupyter.kernel.message.Message;
import org.rapaio.jupyter.kernel.message.MessageType;
import org.rapaio.org.zeromq.SocketType;
import org.rapaio.org.zeromq.ZMQ;

public final class ShellChannel extends AbstractChannel {

    private static final Logger LOGGER = Logger.getLogger(ShellChannel.class.getSimpleName());
    /** Milliseconds between two polls of the socket (rapaio's value). */
    private static final long POLL_PAUSE_MS = 50;
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** The reply rapaio 3.0.1 has no type for. */
    public record HistoryReply(String status, List<Object> history) implements ContentType<HistoryReply> {
        static final MessageType<HistoryReply> TYPE = new MessageType<>("history_reply", HistoryReply.class);

        @Override
        public MessageType<HistoryReply> type() {
            return TYPE;
        }
    }

    private final Channels dispatcher;
    private volatile LoopThread loop;

    public ShellChannel(Channels channels, ZMQ.Context context, HMACDigest hmacGenerator, Channels connection) {
        super(channels, "ShellChannel", context, SocketType.ROUTER, hmacGenerator);
        this.dispatcher = connection;
    }

    @Override
    public void bind(ConnectionProperties connProps) {
        if (loop != null) {
            throw new IllegalStateException("Channel already bound.");
        }
        String address = connProps.formatAddress(connProps.shellPort());
        LOGGER.info(logPrefix + "Binding to " + address);
        socket.bind(address);
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
        loop = new LoopThread("Shell-" + THREADS.getAndIncrement(), POLL_PAUSE_MS, () -> {
            if (poller.poll(0) > 0) {
                dispatch(readMessage());
            }
        });
        loop.start();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void dispatch(Message<?> message) {
        MessageType<?> type = message.header().type();
        MessageHandler handler = type == MessageType.SHELL_HISTORY_REQUEST
                ? m -> answerHistory()
                : dispatcher.getHandler(type);
        if (handler == null) {
            LOGGER.severe(logPrefix + "Unhandled message: " + type.name());
            return;
        }
        LOGGER.info(logPrefix + "Handling message: " + type.name());
        dispatcher.setMsgId(message.getId());
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
            dispatcher.close();
        }
    }

    private void answerHistory() {
        dispatcher.busyThenIdle();
        dispatcher.reply(new HistoryReply("ok", List.of()));
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
