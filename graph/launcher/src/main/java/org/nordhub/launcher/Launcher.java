package org.nordhub.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded with only the Bolt connector, bound to 127.0.0.1.
 *
 * <p>Usage: {@code Launcher <home> <port> <password-file> <page-cache-MiB>}. The password is read
 * from a file so that it never shows in the process list. The launcher prints one {@code READY}
 * line once Bolt accepts connections, and shuts the database down cleanly when its standard input
 * closes (the parent process ended, however it ended) or when it receives SIGTERM. If it cannot
 * start, it exits with status 1 instead of lingering.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: Launcher <home> <port> <password-file> <page-cache-MiB>");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    String password = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).strip();
    long pageCacheMiB = Long.parseLong(args[3]);

    // Watch the parent first: whatever happens below, its end ends this JVM.
    Thread parentWatcher = new Thread(() -> {
      waitForEof(System.in);
      System.exit(0);
    }, "parent-watcher");
    parentWatcher.setDaemon(true);
    parentWatcher.start();

    DatabaseManagementService dbms;
    try {
      dbms =
          new DatabaseManagementServiceBuilder(home)
              .setConfig(BoltConnector.enabled, true)
              .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
              .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
              .setConfig(GraphDatabaseSettings.auth_enabled, true)
              .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMiB))
              // Checkpoint often: after a crash (the supervisor restarts the JVM on the same
              // store) recovery replays only what came after the last checkpoint, so the hub is
              // ready again in seconds rather than after replaying every migration and write.
              .setConfig(GraphDatabaseSettings.check_point_interval_time, Duration.ofSeconds(10))
              // Nothing else shares this JVM: stop Bolt's event loops without a quiet period.
              .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
              .build();
    } catch (RuntimeException e) {
      // e.g. the store is locked by another running Neo4j
      e.printStackTrace();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));
    try {
      setPassword(dbms, password);
    } catch (RuntimeException e) {
      e.printStackTrace();
      System.exit(1);
    }

    System.out.println("READY bolt://127.0.0.1:" + port);
    System.out.flush();
    parentWatcher.join();
  }

  /** Gives the built-in user the project's password; a store that already has it is fine. */
  private static void setPassword(DatabaseManagementService dbms, String password) {
    try {
      // CHANGE NOT REQUIRED lets drivers in without the first-login password change.
      dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
          .executeTransactionally(
              "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
              Map.of("password", password));
    } catch (QueryExecutionException e) {
      if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
        throw e;
      }
    }
  }

  private static void waitForEof(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // Anything written to stdin is ignored; only its end matters.
      }
    } catch (IOException e) {
      // A broken pipe means the parent is gone, the same as end of file.
    }
  }
}
