import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createAuditService } from '../../../main/audit/createAuditService';
import { auditEntryHash, formatAuditExport, type ChainedAuditEntry } from '../../../preload/shared/audit/auditChain';
import { createIpcRouter } from '../../../main/ipc/createIpcRouter';
import { createServices } from '../../../main/services/createServices';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

async function chain(length: number, actor = 'officer'): Promise<ChainedAuditEntry[]> {
  const entries: ChainedAuditEntry[] = [];
  let prevHash = '';
  for (let seq = 1; seq <= length; seq++) {
    const entry = { seq, at: 1_780_000_000_000 + seq, actor, action: 'dossier-viewed', target: `d-${seq}` };
    const hash = await auditEntryHash(prevHash, entry);
    entries.push({ ...entry, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(tsx, ['main/cli.ts', ...args], { cwd: root });
    return { code: 0, stdout };
  } catch (error) {
    const failure = error as { code: number; stdout: string };
    return { code: failure.code, stdout: failure.stdout };
  }
}

describe('audit exports verified in main and by `cli audit verify`', () => {
  it('stores an export, anchors its head, and the CLI catches edits and a cut-off tail', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-audit-'));
    const service = createAuditService({ dataDir });
    const entries = await chain(5);
    const saved = await service.saveExport(formatAuditExport(entries, 1));
    expect(saved.verification).toMatchObject({ ok: true, count: 5 });
    expect(await readFile(saved.path, 'utf8')).toBe(formatAuditExport(entries, 1));

    expect(await cli(['audit', 'verify', '--data-dir', dataDir, saved.path])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^HỢP LỆ: Nhật ký toàn vẹn: 5 mục; mục cuối số 5.*khớp 1 mốc/) });

    const edited = path.join(dataDir, 'edited.jsonl');
    await writeFile(edited, formatAuditExport(entries.map((e, i) => (i === 1 ? { ...e, target: 'd-99' } : e)), 1));
    expect(await cli(['audit', 'verify', '--data-dir', dataDir, edited])).toEqual({ code: 1, stdout: 'KHÔNG HỢP LỆ: Mục số 2 đã bị sửa: mã băm không khớp nội dung.\n' });

    // Dropping the last two entries leaves a self-consistent file; only the anchor of the earlier export catches it.
    const cut = path.join(dataDir, 'cut.jsonl');
    await writeFile(cut, formatAuditExport(entries.slice(0, 3), 1));
    expect((await cli(['audit', 'verify', '--no-anchors', cut])).code).toBe(0);
    const verdict = await cli(['audit', 'verify', '--json', '--data-dir', dataDir, cut]);
    expect(verdict.code).toBe(1);
    expect(JSON.parse(verdict.stdout)).toMatchObject({ ok: false, problem: 'anchor-missing', failedSeq: 5 });

    // Anchors belong to one chain: another desk's log is not judged by them.
    const other = await service.verifyExport(formatAuditExport(await chain(2, 'khac'), 1));
    expect(other).toMatchObject({ ok: true, count: 2 });
    // The CLI runs as its own process through tsx, which alone takes most of the unit tier's 20 s on a busy machine.
  }, 90_000);

  it('answers through the IPC router, refusing a non-export in Vietnamese', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-audit-'));
    const router = createIpcRouter(createServices({ dataDir, version: 't', mode: 'training', host: 'cli', sink: () => undefined }));
    expect(await router.handle('desk:audit:saveExport', ['không phải nhật ký'])).toMatchObject({ ok: false, error: { code: 'audit-export-unreadable', message: 'Dòng 1 của tệp nhật ký không phải JSON.' } });
    expect(await router.handle('desk:audit:verifyExport', [42])).toMatchObject({ ok: false });
    expect(await cli(['audit', 'verify'])).toMatchObject({ code: 2 });
  });
});
