import { describe, expect, it } from 'vitest';
import { Printer, terminalQr } from '../../src/cli/terminal.js';
import { memoryIo } from './run-cli.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[\d+m/;

describe('colours of the live log', () => {
  it('only when stdout is a terminal with colours, whatever stderr is', () => {
    const cases = [
      { stdout: { tty: true, colors: true }, coloured: true },
      { stdout: { tty: true, colors: false }, coloured: false }, // NO_COLOR, TERM=dumb, FORCE_COLOR=0
      { stdout: { tty: false, colors: true }, coloured: false }, // a pipe or a file
    ];
    for (const { stdout, coloured } of cases) {
      const terminal = memoryIo(stdout);
      new Printer(terminal.io, false).line('in', 'alice: "hi"');
      expect(ANSI.test(terminal.stdout()), JSON.stringify(stdout)).toBe(coloured);
      expect(terminal.stdout()).toContain('← alice: "hi"');
    }
  });

  it('never in JSON lines', () => {
    const terminal = memoryIo({ tty: true, colors: true });
    new Printer(terminal.io, true).line('info', 'x', { qrUrl: 'https://login.weixin.qq.com/l/abc' });
    expect(terminal.stdout()).not.toMatch(ANSI);
    expect(JSON.parse(terminal.stdout())).toMatchObject({ kind: 'info', text: 'x', qrUrl: 'https://login.weixin.qq.com/l/abc' });
  });

  it('redacts what it prints, on stdout and in hints on stderr', () => {
    const terminal = memoryIo();
    const print = new Printer(terminal.io, false);
    print.line('warn', 'failed: skey=@crypt_0123abcd_feedbeef');
    print.hint('see pass_ticket=AbCd%2B');
    expect(terminal.stdout()).toBe('! failed: skey=***\n');
    expect(terminal.stderr()).toBe('see pass_ticket=***\n');
  });
});

describe('the terminal QR code', () => {
  it('uses colour codes only for a stream with colours, plain blocks otherwise', async () => {
    expect(await terminalQr('https://login.weixin.qq.com/l/abc', true)).toMatch(ANSI);
    const plain = await terminalQr('https://login.weixin.qq.com/l/abc', false);
    expect(plain).not.toMatch(ANSI);
    expect(plain).toMatch(/[█▀▄]{7}/);
  });
});
