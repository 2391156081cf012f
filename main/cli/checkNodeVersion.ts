/** Outcome of comparing the running Node.js with a required range; a refusal carries the message to print. */
export type NodeVersionCheck = { ok: true } | { ok: false; message: string };

type Version = [major: number, minor: number, patch: number];

/** `22.12.0`, `v22.12.0` or `22.12` as numbers; missing parts are 0. */
function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function atLeast(version: Version, minimum: Version): boolean {
  for (let i = 0; i < 3; i += 1) {
    if (version[i]! !== minimum[i]!) return version[i]! > minimum[i]!;
  }
  return true;
}

/**
 * Whether `current` (e.g. `process.version`) satisfies `required`, an `engines.node` range of the
 * form `>=X[.Y[.Z]]` (the form Electron and this package declare). Any other form throws, so a
 * range this check cannot read is noticed instead of silently letting every Node through. The
 * refusal is in Vietnamese and English: it is printed to whoever runs `npm start`.
 */
export function checkNodeVersion(current: string, required: string): NodeVersionCheck {
  const minimumText = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(required.trim())?.[1];
  const minimum = minimumText === undefined ? undefined : parseVersion(minimumText);
  if (minimumText === undefined || minimum === undefined) throw new Error(`Unsupported engines.node range "${required}": only ">=X.Y.Z" is understood.`);
  const version = parseVersion(current);
  if (version && atLeast(version, minimum)) return { ok: true };
  const running = current.trim().replace(/^v/, '');
  return {
    ok: false,
    message: [
      `Một Cửa Desk: \`npm start\` cần Node.js ${minimumText} trở lên (phiên bản Electron đi kèm yêu cầu), máy này đang chạy Node.js ${running}.`,
      `Hãy cài Node.js ${minimumText} trở lên rồi chạy lại \`npm ci && npm start\`.`,
      `Một Cửa Desk: \`npm start\` needs Node.js ${minimumText} or later (required by the pinned Electron); this machine runs Node.js ${running}.`,
      `Install Node.js ${minimumText} or later, then run \`npm ci && npm start\` again.`,
    ].join('\n'),
  };
}
