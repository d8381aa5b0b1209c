/**
 * How every `wechat-rx` command talks to the user, on top of commander: `--help` on stdout (exit code 0), a wrong
 * command line as one error line plus the usage on stderr (exit code 2), never a stack trace.
 */
import { Command, CommanderError, type OptionValues } from 'commander';
import { redact } from '../errors/redact.js';
import { UsageError } from './errors.js';
import type { Io } from './terminal.js';

/** The exit code of a wrong command line (unknown option, missing or bad value, unknown command). */
export const USAGE_EXIT_CODE = 2;

/** A command whose help and errors go to `io`, and whose parse errors throw instead of exiting the process. */
export function cliCommand(name: string, io: Io): Command {
  const command = new Command(name);
  return command
    .exitOverride()
    .helpOption('-h, --help', 'show this help')
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      // The error quotes the argument, which may be a URL with a credential in it.
      outputError: (text, write) => write(`${redact(oneLine(text))}\n${usageLine(command)}\n`),
    });
}

/**
 * Parses `argv` and runs the chosen command's action. Resolves the exit code when commander answered by itself
 * (0 after `--help` or `--version`, 2 after a usage error), `undefined` once the action ran.
 */
export async function parseCommandLine(program: Command, argv: readonly string[]): Promise<number | undefined> {
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    throw error;
  }
}

/**
 * Parses `argv` against the options of `command` alone, printing nothing: the option values, `'help'` for
 * `--help`, or a `UsageError` (for callers that run a command in-process, such as tests and scripts).
 */
export function parseOptions<T extends OptionValues>(command: Command, argv: readonly string[]): T | 'help' {
  command.exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined, outputError: () => undefined });
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return 'help';
    throw new UsageError(oneLine(error.message));
  }
  return command.opts<T>();
}

/** Commander adds "(Did you mean …?)" on a line of its own; the error stays one line. */
function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

function usageLine(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return `usage: ${names.join(' ')} ${command.usage()}`;
}
