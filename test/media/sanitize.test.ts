import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberedName, sanitizeFileName } from '../../src/web/media/sanitize.js';

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe('sanitizeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\system.ini', 'system.ini'],
    ['/abs/path/report.pdf', 'report.pdf'],
    ['..', 'file'],
    ['.', 'file'],
    ['', 'file'],
    ['   ', 'file'],
    ['.bashrc', 'bashrc'],
    ['report\u202Efdp.exe', 'reportfdp.exe'],
    ['a\u0000b\u0007c\u001b[31m.txt', 'abc[31m.txt'],
    ['what?<is>:"this"|*.txt', 'what__is___this___.txt'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['com1.log', '_com1.log'],
    ['trailing dots...', 'trailing dots'],
    ['季度报告 2024.xlsx', '季度报告 2024.xlsx'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('keeps the extension when cutting a long name to 255 UTF-8 bytes, without splitting a character', () => {
    const name = `${'报'.repeat(200)}.pdf`;
    const safe = sanitizeFileName(name);
    expect(bytes(safe)).toBeLessThanOrEqual(255);
    expect(safe.endsWith('.pdf')).toBe(true);
    expect(safe).not.toContain('\ufffd');
  });

  it('uses the fallback when nothing is left', () => {
    expect(sanitizeFileName('../', 'download')).toBe('download');
  });

  it('never yields a separator, a control character, a dot name or more than 255 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (input) => {
        const safe = sanitizeFileName(input);
        // eslint-disable-next-line no-control-regex -- control characters are what must not survive
        expect(safe).not.toMatch(/[/\\<>:"|?*\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
        expect(safe).not.toMatch(/^\.|[. ]$/);
        expect(safe.length).toBeGreaterThan(0);
        expect(bytes(safe)).toBeLessThanOrEqual(255);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('numberedName', () => {
  it('numbers before the extension, as browsers do', () => {
    expect(numberedName('a.txt', 0)).toBe('a.txt');
    expect(numberedName('a.txt', 2)).toBe('a (2).txt');
    expect(numberedName('noext', 1)).toBe('noext (1)');
  });
});
