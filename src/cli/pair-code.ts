import { createInterface, type Interface } from 'node:readline';
import { isInvalidArgumentError } from '../errors/guards.js';
import { NoAnswerError } from './errors.js';
import type { Io, Printer } from './terminal.js';

/** The `verify-code` login step of iLink: the phone shows a pair code that must be typed here. */
interface PairCodeStep {
  readonly wrong: boolean;
  submit(code: string): void;
}

/**
 * Asks the person at the terminal for the pair code their phone shows, one line of stdin per try, and submits it.
 * stdin is opened at the first question only (a login without a pair code never touches it) and released by
 * `close()`.
 */
export class PairCodePrompt {
  private reader: Interface | undefined;
  private lines: AsyncIterator<string> | undefined;

  constructor(
    private readonly io: Io,
    private readonly print: Printer,
  ) {}

  /** Asks until a code of the right form is typed and submits it; fails with `NoAnswerError` when stdin ends first. */
  async answer(step: PairCodeStep): Promise<void> {
    this.print.line('info', step.wrong ? 'that pair code was refused: type the code your phone shows now' : 'your phone shows a pair code: type it here and press Enter');
    for (;;) {
      this.io.stderr.write('pair code: ');
      const code = await this.nextLine();
      try {
        step.submit(code.trim());
        return;
      } catch (error) {
        // The client checks the form before anything is sent: say what a code looks like and ask again.
        if (!isInvalidArgumentError(error)) throw error;
        this.print.line('warn', 'a pair code is 1 to 16 letters and digits: type it again');
      }
    }
  }

  close(): void {
    this.reader?.close();
    this.reader = undefined;
  }

  private async nextLine(): Promise<string> {
    const input = this.io.stdin;
    if (input === undefined) throw new NoAnswerError('this login needs the pair code shown on the phone, and there is no terminal input to type it');
    if (this.lines === undefined) {
      this.reader = createInterface({ input, terminal: false });
      this.lines = this.reader[Symbol.asyncIterator]();
    }
    const next = await this.lines.next();
    if (next.done === true) {
      this.io.stderr.write('\n');
      throw new NoAnswerError('the phone asked for a pair code, but the input ended before one was typed: run the command again and type the code your phone shows');
    }
    return next.value;
  }
}
