/**
 * The command line's dispatcher: `glassbox check | attribution | report | explain | diff`. Returns the exit
 * code instead of exiting, so it can run in-process (tests) as well as from src/cli.ts.
 */
import { version } from '../../package.json';
import { InputError } from '../model/errors';
import { type Command, COMMANDS, commandHelp, MAIN_USAGE, mainHelp, parseCommand, UsageError } from './args';
import { runAttribution } from './attribution';
import { runCheck } from './check';
import { runDiff } from './diff';
import { runExplain } from './explain';
import { cliMessages } from './messages';
import { EXIT, type Output, processOutput } from './output';
import { runReport } from './report';

/**
 * Runs one command line (without `node` and the script).
 * @example process.exitCode = await main(['check', 'run.glassbox.json', '--json']);
 */
export async function main(argv: string[], output: Output = processOutput): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? output.err : output.out)(mainHelp());
    return command === undefined ? EXIT.error : EXIT.pass;
  }
  if (command === '--version' || command === '-v') {
    output.out(version);
    return EXIT.pass;
  }
  if (!Object.hasOwn(COMMANDS, command)) {
    output.err(`${cliMessages.unknownCommand(command)}\n${MAIN_USAGE}`);
    return EXIT.error;
  }
  const name = command as Command;
  const debug = args.includes('--debug');
  try {
    const parsed = parseCommand(name, args);
    if (parsed.values.help) {
      output.out(commandHelp(name));
      return EXIT.pass;
    }
    switch (name) {
      case 'check':
        return await runCheck(parsed, output);
      case 'attribution':
        return await runAttribution(parsed, output);
      case 'report':
        return await runReport(parsed, output, version);
      case 'explain':
        return await runExplain(parsed, output);
      case 'diff':
        return await runDiff(parsed, output);
    }
  } catch (error) {
    return reportError(name, error, debug, output);
  }
}

/** An error as one message on stderr (a stack trace only with --debug); exit code 2. */
function reportError(command: Command, error: unknown, debug: boolean, output: Output): number {
  if (error instanceof UsageError) {
    output.err(`${error.message}\n${error.usage}`);
  } else if (error instanceof InputError) {
    output.err(`glassbox ${command}: ${error.message}`);
    if (debug && error.stack) output.err(error.stack);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    output.err(`glassbox ${command}: ${message}${debug ? '' : ' (run again with --debug for the stack trace)'}`);
    if (debug && error instanceof Error && error.stack) output.err(error.stack);
  }
  return EXIT.error;
}
