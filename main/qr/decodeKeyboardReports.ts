/**
 * Keyboard-wedge scanners are USB keyboards: each character is a boot-protocol keyboard report
 * (modifier byte, reserved byte, up to six usage IDs), and the code ends with Enter. This decodes
 * them with the US layout, the factory default of such scanners. A keyboard cannot type
 * Vietnamese diacritics, so prefer HID POS mode; digits and separators always come through.
 */

const unshifted: Record<number, string> = { 0x2c: ' ', 0x2d: '-', 0x2e: '=', 0x2f: '[', 0x30: ']', 0x31: '\\', 0x33: ';', 0x34: "'", 0x35: '`', 0x36: ',', 0x37: '.', 0x38: '/' };
const shifted: Record<number, string> = { 0x2c: ' ', 0x2d: '_', 0x2e: '+', 0x2f: '{', 0x30: '}', 0x31: '|', 0x33: ':', 0x34: '"', 0x35: '~', 0x36: '<', 0x37: '>', 0x38: '?' };
const shiftedDigits = '!@#$%^&*()';
const ENTER = 0x28;
const KEYPAD_ENTER = 0x58;

function character(usage: number, shift: boolean): string | undefined {
  if (usage >= 0x04 && usage <= 0x1d) {
    const letter = String.fromCharCode(0x61 + usage - 0x04);
    return shift ? letter.toUpperCase() : letter;
  }
  if (usage >= 0x1e && usage <= 0x27) {
    const index = usage - 0x1e;
    return shift ? shiftedDigits[index] : String((index + 1) % 10);
  }
  return (shift ? shifted : unshifted)[usage];
}

/** Feeds 8-byte keyboard reports in; returns the line typed when Enter is pressed. */
export function createKeyboardReportDecoder(): { push(report: Uint8Array): string | undefined } {
  let held = new Set<number>();
  let line = '';
  return {
    push(report) {
      // Some devices prefix a report ID: the boot report is always the last 8 bytes.
      const boot = report.length > 8 ? report.subarray(report.length - 8) : report;
      if (boot.length !== 8) return undefined;
      const shift = (boot[0]! & 0x22) !== 0;
      const now = new Set([...boot.subarray(2)].filter((usage) => usage > 0x03));
      let finished: string | undefined;
      for (const usage of now) {
        if (held.has(usage)) continue;
        if (usage === ENTER || usage === KEYPAD_ENTER) {
          finished = line;
          line = '';
          continue;
        }
        const ch = character(usage, shift);
        if (ch !== undefined) line += ch;
      }
      held = now;
      return finished;
    },
  };
}
