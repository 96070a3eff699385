package dev.xbar.cli;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import dev.xbar.cluster.TrialSource;
import dev.xbar.core.Check;
import dev.xbar.models.study.TrialFunctions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code xbar worker}: a Hazelcast member that serves yield-study trials to {@code xbar yield --cluster} until it is
 * stopped. A task names a study and its trials only: the worker picks the code for the study's model itself and reads
 * its own MNIST files (never fetching them), refusing a study whose data differ from the coordinator's. Every member
 * must run the same xbar build and hold the same cluster token.
 */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        description = "Start a cluster member that runs yield-study trials for 'xbar yield --cluster'.")
final class WorkerCommand implements Callable<Integer> {

    @Option(
            names = {"--members", "--cluster"},
            defaultValue = "127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703,127.0.0.1:5704",
            paramLabel = "HOST:PORT,...",
            description = "Members to join through. Default: ${DEFAULT-VALUE}.")
    String members;

    @Mixin
    ClusterOptions cluster;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Folder with this worker's MNIST files (fetch them first with 'xbar datasets fetch')."
                    + " Default: $XBAR_DATA, else ~/.cache/xbar/datasets/mnist.")
    Path data;

    @Option(names = "--threads", description = "Trial threads. Default: all cores.")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        final TrialSource trials = study -> TrialFunctions.of(study, data, false);
        final int threadCount;
        try {
            threadCount = Check.range(
                    "--threads", threads == null ? Runtime.getRuntime().availableProcessors() : threads, 1, 4096);
            cluster.checkAddresses(members);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final HazelcastInstance member =
                cluster.member(members, threadCount, trials).requireFreePort().start();
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
                        + " trial thread(s), " + cluster.token() + "; serving trials until stopped (Ctrl-C)");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
