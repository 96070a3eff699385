/**
 * The {@code xbar} command line (picocli): training runs, yield studies, cluster workers and dataset management.
 * A user error (bad option, file or data) ends with one line, {@code xbar: message}; any other exception keeps its
 * stack trace, because it is a bug.
 *
 * <p><b>Not API</b>: the application; its jar is neither installed nor deployed.
 */
package dev.xbar.cli;
