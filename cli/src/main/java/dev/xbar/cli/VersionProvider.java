package dev.xbar.cli;

import dev.xbar.core.kernel.CrossbarKernels;
import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest, with the JVM and the kernel implementation this JVM selects. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "xbar " + (version == null ? "development build" : version),
            "JVM " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")",
            "kernels " + CrossbarKernels.get().name()
        };
    }
}
