package org.recprompt.dataset.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.split.PredefinedSplits;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --train FILE --test FILE [--valid FILE]}: a predefined split (a paper's files) instead of the
 * temporal leave-last-out split; see {@link PredefinedSplits}. Without them, commands keep
 * leave-last-out.
 */
public final class SplitOptions {

    @Option(names = "--train", paramLabel = "FILE",
            description = "A predefined split's training file (user, item[, rating[, timestamp]]; tab or comma; header optional);"
                    + " with --test, instead of leave-last-out.")
    Path train;

    @Option(names = "--test", paramLabel = "FILE", description = "The predefined split's test file: its interactions are held out.")
    Path test;

    @Option(names = "--valid", paramLabel = "FILE",
            description = "The predefined split's validation file: part of each user's history, never relevant.")
    Path valid;

    /** True when any of the options was given. */
    public boolean given() {
        return train != null || test != null || valid != null;
    }

    /** The split: the files' when given (checked: --train and --test together, files present), else leave-last-out. */
    public Split split(Dataset d, CommandLine cli) {
        if (!given()) {
            return Splits.leaveLastOut(d);
        }
        check(cli);
        return PredefinedSplits.read(d, train, test, valid);
    }

    /** The split from the files alone (no dataset: the catalog is the files' items). */
    public Split splitWithoutDataset(CommandLine cli) {
        check(cli);
        return PredefinedSplits.read(train, test, valid);
    }

    private void check(CommandLine cli) {
        if (cli.getParseResult() != null && cli.getParseResult().hasMatchedOption("--implicit")) {
            throw new CommandLine.ParameterException(cli, "--implicit filters the dataset's own file; a predefined split's "
                    + "interactions are the files' as given (to count only high ratings as relevant, metrics has "
                    + "--relevance-threshold R).");
        }
        if (train == null || test == null) {
            throw new CommandLine.ParameterException(cli, (train == null ? "--train" : "--test")
                    + " is missing: a predefined split needs both --train FILE and --test FILE (--valid FILE optional).");
        }
        for (Path p : valid == null ? new Path[] {train, test} : new Path[] {train, test, valid}) {
            if (!Files.isRegularFile(p)) {
                String option = p == train ? "--train" : p == test ? "--test" : "--valid";
                throw new CommandLine.ParameterException(cli, option + ": no file " + p + ".");
            }
        }
    }
}
