package dev.facecal.spark;

import picocli.CommandLine.Option;

/**
 * {@code --master URL}, the option of every {@code facecal spark} command that opens a Spark session (a picocli
 * mixin), and how it resolves: the option when given, else the master spark-submit set, else {@code local[*]}
 * ({@link Sessions#master}).
 */
final class MasterOption {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N], spark://host:7077, yarn, k8s://https://host:6443 (default: "
                    + "spark-submit's, else local[*])")
    String master;

    /** The master the session opens with. */
    String url() {
        return Sessions.master(master);
    }
}
