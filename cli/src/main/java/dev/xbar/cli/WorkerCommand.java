package dev.xbar.cli;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import dev.xbar.cluster.LoopbackCluster;
import dev.xbar.core.Check;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xbar worker}: a Hazelcast member that serves yield-study trials to {@code xbar yield --cluster} until it is
 * stopped. The trials arrive with their study and trial function, so every member must run the same xbar build.
 */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        description = "Start a cluster member that runs yield-study trials for 'xbar yield --cluster' (loopback only).")
final class WorkerCommand implements Callable<Integer> {

    @Option(
            names = "--cluster",
            defaultValue = "127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703,127.0.0.1:5704",
            paramLabel = "127.0.0.1:PORT,...",
            description = "Member addresses; this member takes the first free port. Default: ${DEFAULT-VALUE}.")
    String cluster;

    @Option(names = "--threads", description = "Trial threads. Default: all cores.")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        final int threadCount = Check.range(
                "--threads", threads == null ? Runtime.getRuntime().availableProcessors() : threads, 1, 4096);
        final HazelcastInstance member =
                LoopbackCluster.parse(cluster, threadCount).requireFreePort().start();
        final CountDownLatch stopped = new CountDownLatch(1);
        member.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(member::shutdown, "xbar-worker-shutdown"));
        spec.commandLine()
                .getOut()
                .println("xbar worker: member "
                        + member.getCluster().getLocalMember().getAddress() + " of "
                        + member.getCluster().getMembers().size() + " member(s), " + threadCount
                        + " trial thread(s); serving trials until stopped (Ctrl-C)");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
