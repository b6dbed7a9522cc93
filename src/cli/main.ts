/**
 * The command line's composition root: the only place, with the demo, that sees both the tool and
 * the sandbox. It parses global options, registers each part's commands (their heavy code is loaded
 * only when a command runs, so `--help` and `max-pods` start fast) and turns errors into one clear
 * message and a documented exit code.
 */
import { Command, CommanderError, Option } from 'commander';
import type { GlobalOptions, OutputFormat, TextSink } from '../shared/cli/context.js';
import type { CommandRunner } from '../tool/cli/types.js';
import { ExitCode, InterruptedError, isInterrupted, isUserError } from '../shared/errors.js';
import { registerToolCommands } from '../tool/cli/register.js';
import { registerRehearseCommand } from '../tool/cli/commands/rehearse.js';
import { applyConfigFile } from '../tool/cli/config-file.js';
import { registerSandboxCommands } from '../sandbox/cli/register.js';
import { registerDemoCommand } from '../demo/register.js';
import { formatError } from './format-error.js';
import { cutLongValues } from '../shared/cli/cut-value.js';
import { commandLineOf, watchSignals } from './signals.js';
import { withSandboxHint } from './sandbox-hint.js';
import { packageInfo, registerVersionCommand, rewriteVersionFlag } from './version.js';
import { registerCompletionCommand } from './completion/command.js';
import { colorEnabled } from './color.js';

export interface MainIO {
  stdout: TextSink;
  stderr: TextSink;
  env: Record<string, string | undefined>;
  /** Exits at once (a second Ctrl-C); process.exit by default. */
  exit?: ((code: number) => void) | undefined;
}

const defaultIO: MainIO = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  exit: (code) => process.exit(code),
};

export function buildProgram(
  io: MainIO,
  run: (cmd: Command, runner: CommandRunner) => Promise<void>,
): Command {
  const program = new Command('eks-cidr')
    .description(
      'Give EKS pods addresses from a secondary VPC CIDR: plan, apply and verify VPC CNI custom networking.',
    )
    // Handled before parsing (rewriteVersionFlag): listed here so that help shows it.
    .option('--version', 'print the version, the Node.js version and the platform')
    .addOption(new Option('--region <region>', 'AWS region (default: the AWS_REGION / profile chain)'))
    .addOption(new Option('--profile <name>', 'AWS named profile'))
    .addOption(
      new Option('-o, --output <format>', 'output format: text for people, json or yaml for programs')
        .choices(OUTPUT_FORMATS)
        .default('text'),
    )
    .option('--no-color', 'disable colour (also NO_COLOR; FORCE_COLOR=1 forces it)')
    .option('--verbose', 'print debug detail and stack traces', false)
    .showSuggestionAfterError(true)
    // Every subcommand's help lists these options too (commands copy this setting when added).
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      // Commander echoes unknown options and bad values whole: cut long ones.
      writeErr: (s) => io.stderr.write(cutLongValues(s)),
    })
    .exitOverride()
    .addHelpText(
      'after',
      `
Exit codes:
  0  success
  1  verification failed, drift found, or the prompt was declined
  2  usage or validation error (nothing was changed)
  3  AWS or Kubernetes API error
  4  another eks-cidr run holds the cluster's lock
  130  stopped by Ctrl-C (SIGINT; 143 for SIGTERM): re-run the same command to continue`,
    );
  // --config FILE fills the options of whichever command runs, before its required options are checked.
  program.hook('preAction', (_root, action) => applyConfigFile(action));
  registerToolCommands(program, run);
  registerRehearseCommand(program, run, async () => (await import('./twin-starter.js')).startTwin);
  registerSandboxCommands(program, run);
  registerDemoCommand(program, run, main);
  registerVersionCommand(program, run);
  registerCompletionCommand(program, run);
  for (const sub of program.commands) sub.exitOverride().configureOutput(program.configureOutput());
  return program;
}

const OUTPUT_FORMATS: OutputFormat[] = ['text', 'json', 'yaml'];

/** The package's version (package.json), as `eks-cidr version` prints it. */
export const VERSION = packageInfo().version;

function globalOptions(cmd: Command, env: MainIO['env'], sink: TextSink): GlobalOptions {
  const opts = cmd.optsWithGlobals<{
    region?: string;
    profile?: string;
    output: OutputFormat;
    color: boolean;
    verbose: boolean;
  }>();
  return {
    region: opts.region,
    profile: opts.profile,
    output: opts.output,
    color: colorEnabled({ flag: opts.color, env, isTTY: sink.isTTY === true }),
    verbose: opts.verbose,
  };
}

/** Runs the CLI and returns the exit code; never throws. */
export async function main(userArgv: string[], io: MainIO = defaultIO): Promise<number> {
  let exitCode: number = ExitCode.Success;
  const argv = rewriteVersionFlag(userArgv);
  let verbose = argv.includes('--verbose');
  // Until the options are parsed (a usage error), the format as the line spells it.
  let output: OutputFormat = outputFormatOf(argv);
  const commandLine = commandLineOf(argv);
  const signals = watchSignals({
    stderr: io.stderr,
    exit: io.exit ?? ((code) => process.exit(code)),
    commandLine,
  });
  const program = buildProgram(io, async (cmd, runner) => {
    const globals = globalOptions(cmd, io.env, io.stdout);
    verbose = globals.verbose;
    output = globals.output;
    exitCode = await runner({
      ...globals,
      stdout: io.stdout,
      stderr: io.stderr,
      env: io.env,
      signal: signals.controller.signal,
    });
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      ) {
        return ExitCode.Success;
      }
      // Commander has already printed its message; say what to do next.
      io.stderr.write(`Run 'eks-cidr --help' (or 'eks-cidr <command> --help') for usage.\n`);
      return ExitCode.Usage;
    }
    const stoppedBy = signals.received();
    const failure = stoppedBy
      ? interruptedReport(err, stoppedBy, commandLine)
      : withSandboxHint(err, io.env, process.cwd());
    io.stderr.write(formatError(failure, { verbose, output }));
    return isUserError(failure) ? failure.exitCode : ExitCode.Api;
  } finally {
    signals.dispose();
  }
}

function outputFormatOf(argv: readonly string[]): OutputFormat {
  for (let i = argv.length - 1; i >= 0; i--) {
    const arg = argv[i] ?? '';
    const value = /^(-o|--output)$/.test(arg) ? argv[i + 1] : /^(--output=|-o=?)(.+)$/.exec(arg)?.[2];
    if (value !== undefined && (OUTPUT_FORMATS as string[]).includes(value)) return value as OutputFormat;
  }
  return 'text';
}

/** A run stopped by a signal: what the command says it did, and how to continue. */
function interruptedReport(err: unknown, signal: 'SIGINT' | 'SIGTERM', commandLine: string) {
  const what = isInterrupted(err)
    ? err.message
    : `stopped (${err instanceof Error ? err.message : String(err)})`;
  return new InterruptedError(
    signal,
    `${signal}: ${what}`,
    `re-run '${commandLine}' to continue: it starts again from what exists.`,
  );
}
