/**
 * Pictures and progress output of the command line, drawn with java.awt and written as PNG, so the tool needs no
 * plotting library.
 *
 * <p><b>Not API</b>: part of the application.
 */
package dev.xbar.cli.report;
