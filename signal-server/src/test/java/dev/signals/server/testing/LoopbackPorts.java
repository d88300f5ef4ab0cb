package dev.signals.server.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for the processes a test starts itself (Redis, Sentinel, coturn), which must be told a port
 * before they bind it. The suite runs test classes in two JVMs at once (README, on running the
 * tests), so each JVM takes its ports from its own block, numbered by surefire's
 * {@code surefire.forkNumber}: a port one JVM has checked and is about to hand to a process is never
 * the other's pick. The blocks, and the Cluster bus ports 10,000 above them (checked free too), lie
 * below the kernel's ephemeral range (32768 and up on Linux), so no connection's source port takes one.
 */
public final class LoopbackPorts {
    private static final int FIRST = 10_000;
    private static final int BLOCK = 1_000;
    private static final int CLUSTER_BUS_OFFSET = 10_000;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** This JVM's next candidate within its block; test-only process-wide sequence. */
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final int BLOCK_START = FIRST + BLOCK * (forkNumber() - 1);

    private LoopbackPorts() {
    }

    /** A TCP port free on loopback now, with its Cluster bus port free too. */
    public static int tcp() throws IOException {
        return pick(false);
    }

    /** A port free on loopback for both TCP and UDP now (coturn listens on both). */
    public static int tcpAndUdp() throws IOException {
        return pick(true);
    }

    private static int pick(boolean udpToo) throws IOException {
        for (int tried = 0; tried < BLOCK; tried++) {
            int port = BLOCK_START + Math.floorMod(NEXT.getAndIncrement(), BLOCK);
            if (free(port, udpToo) && free(port + CLUSTER_BUS_OFFSET, false)) {
                return port;
            }
        }
        throw new IOException("no free loopback port in " + BLOCK_START + ".." + (BLOCK_START + BLOCK - 1));
    }

    private static boolean free(int port, boolean udpToo) {
        try (ServerSocket tcp = new ServerSocket(port, 1, LOOPBACK)) {
            if (udpToo) {
                new DatagramSocket(port, LOOPBACK).close();
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Surefire numbers its JVMs from 1; a test run any other way is JVM 1. */
    private static int forkNumber() {
        try {
            int n = Integer.parseInt(System.getProperty("signal.test.fork", "1"));
            return n >= 1 && n <= 10 ? n : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
