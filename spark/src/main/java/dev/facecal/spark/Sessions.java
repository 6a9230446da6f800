package dev.facecal.spark;

import dev.facecal.FacecalException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.apache.spark.sql.SparkSession;

/**
 * Opens the Spark session of a command. The master is {@code --master} when given, else the one spark-submit set
 * ({@code spark.master}), else {@code local[*]}. A standalone master ({@code spark://host:port}) is tried first
 * with a plain TCP connection, so an unreachable one is a one-line message rather than Spark's minute of retries.
 */
final class Sessions {
    /** How long the reachability check of a standalone master waits. */
    static final int CONNECT_TIMEOUT_MS = 5000;

    private Sessions() {}

    static String master(String option) {
        if (option != null && !option.isBlank()) return option;
        return System.getProperty("spark.master", "local[*]");
    }

    static SparkSession open(String master, String app) {
        if (master.startsWith("spark://")) checkReachable(master);
        try {
            SparkSession.Builder b = SparkSession.builder().master(master).appName(app)
                    .config("spark.ui.showConsoleProgress", "false");
            if (master.startsWith("local")) {
                // one machine: no web UI, and a handful of shuffle partitions rather than SQL's 200
                b = b.config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4");
            }
            return b.getOrCreate();
        } catch (RuntimeException e) {
            throw new FacecalException("cannot start Spark with master " + master + ": "
                    + EmbeddingTable.firstLine(e) + " (check --master: local[*], local[N], spark://HOST:PORT, yarn, "
                    + "k8s://https://HOST:PORT)", e);
        }
    }

    static void checkReachable(String master) {
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            URI u = URI.create("spark://" + hostPort);
            if (u.getHost() == null || u.getPort() < 0) {
                throw new FacecalException("--master " + master + ": '" + hostPort + "' is not HOST:PORT");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(u.getHost(), u.getPort()), CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException e) {
                if (!master.contains(",")) {
                    throw new FacecalException("the Spark master " + master + " is unreachable (" + e.getMessage()
                            + " within " + CONNECT_TIMEOUT_MS / 1000 + " s): start it, check the host and port, or "
                            + "run locally with --master local[*]", e);
                }
            }
        }
        throw new FacecalException("none of the Spark masters " + master + " is reachable: start one, or run locally"
                + " with --master local[*]");
    }
}
