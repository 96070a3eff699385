package dev.xbar.cli;

import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest, with the JVM and the kernel implementation in use. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "xbar " + (version == null ? "development build" : version),
            "JVM " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")"
        };
    }
}
