/**
 * Pictures and progress output of the command line, drawn with java.awt and written as PNG, so the tool needs no
 * plotting library.
 */
package dev.xbar.cli.report;
