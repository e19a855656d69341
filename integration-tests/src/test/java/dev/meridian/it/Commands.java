package dev.meridian.it;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command line of this machine, to find out whether a client (the AWS CLI, boto3) is installed. */
final class Commands {
    private Commands() {
    }

    /** Whether {@code command} runs and exits with 0 within a minute; its output is discarded. */
    static boolean succeeds(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
