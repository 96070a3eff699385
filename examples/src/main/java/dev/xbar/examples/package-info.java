/**
 * Small programs that use Xbar as a library, each a {@code main} that runs in seconds: {@link
 * dev.xbar.examples.ChipVmm} (a VMM on a fabricated chip), {@link dev.xbar.examples.TrainCnn} (the paper's CNN
 * trained in situ), {@link dev.xbar.examples.YieldStudy} (a small Monte Carlo yield study) and {@link
 * dev.xbar.examples.TableDevice} (a device model read from a response table). They use the API packages only and
 * depend on the published artifacts only, as another project would.
 */
package dev.xbar.examples;
