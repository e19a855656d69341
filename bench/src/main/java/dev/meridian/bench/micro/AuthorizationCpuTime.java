package dev.meridian.bench.micro;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link AuthorizationBenchmark}'s Encrypt in each of its modes, timed by the calling thread's CPU time and
 * allocation rather than by the wall clock: on a machine shared with other work, whose load stretches wall-clock
 * times (JMH's) by whatever the other work takes, a thread's own CPU time per call stays near its cost. The modes run
 * in turn, each ROUNDS times, so that a change of load touches them alike. Run with
 * {@code java -cp bench/target/meridian-bench.jar dev.meridian.bench.micro.AuthorizationCpuTime [ROUNDS [CALLS]]}
 * (5 rounds of 100,000 calls after one such warm-up round per mode); prints each round and the medians.
 */
public final class AuthorizationCpuTime {
    private static final String[] MODES = {"DEVELOPMENT", "STRICT", "STRICT_CONDITION"};

    private AuthorizationCpuTime() {
    }

    public static void main(String[] arguments) throws Exception {
        int rounds = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 5;
        int calls = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 100_000;
        ThreadMXBean thread = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<AuthorizationBenchmark> benchmarks = new ArrayList<>();
        for (String mode : MODES) {
            AuthorizationBenchmark benchmark = new AuthorizationBenchmark();
            benchmark.mode = mode;
            benchmark.setUp();
            run(benchmark, calls);
            benchmarks.add(benchmark);
        }
        double[][] micros = new double[MODES.length][rounds];
        long[] bytes = new long[MODES.length];
        for (int round = 0; round < rounds; round++) {
            StringBuilder line = new StringBuilder("round " + (round + 1) + ":");
            for (int index = 0; index < MODES.length; index++) {
                long cpu = thread.getCurrentThreadCpuTime();
                long allocated = thread.getCurrentThreadAllocatedBytes();
                run(benchmarks.get(index), calls);
                micros[index][round] = (thread.getCurrentThreadCpuTime() - cpu) / 1_000.0 / calls;
                bytes[index] = (thread.getCurrentThreadAllocatedBytes() - allocated) / calls;
                line.append(String.format(Locale.ROOT, "  %s %.2f us %d B", MODES[index], micros[index][round], bytes[index]));
            }
            System.out.println(line);
        }
        for (int index = 0; index < MODES.length; index++) {
            double[] sorted = micros[index].clone();
            java.util.Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "%-16s median %.2f us CPU per call, %d B allocated per call%n", MODES[index],
                    sorted[rounds / 2], bytes[index]);
        }
        for (AuthorizationBenchmark benchmark : benchmarks) {
            benchmark.tearDown();
        }
        System.exit(0);
    }

    private static void run(AuthorizationBenchmark benchmark, int calls) {
        for (int call = 0; call < calls; call++) {
            benchmark.encrypt();
        }
    }
}
